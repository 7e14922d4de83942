package com.example.platform.order.customer;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.grpc.ManagedChannel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

@Configuration(proxyBeanMethods = false)
class CustomerCreditConfiguration {

	/**
	 * The channel is named: its target comes from
	 * {@code spring.grpc.client.channel.customer-service.target}, and the factory owns
	 * (and shuts down) the channel.
	 */
	@Bean
	CustomerServiceBlockingStub customerServiceStub(GrpcChannelFactory channels) {
		ManagedChannel channel = channels.createChannel("customer-service");
		// Connect in the background now, so the first order does not spend its deadline on
		// the connection (a channel is lazy otherwise); it reconnects by itself if this fails
		channel.getState(true);
		return CustomerServiceGrpc.newBlockingStub(channel);
	}

}
