package com.example.platform.order.customer;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.starter.resilience.DownstreamResilience;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ManagedChannel;

import org.springframework.beans.factory.ObjectProvider;
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
	CustomerServiceBlockingStub customerServiceStub(GrpcChannelFactory channels,
			ObjectProvider<DownstreamResilience> resilience) {
		ManagedChannel channel = channels.createChannel("customer-service");
		// Connect in the background now, so the first order does not spend its deadline on
		// the connection (a channel is lazy otherwise); it reconnects by itself if this fails
		channel.getState(true);
		// After an outage the channel retries connecting with a growing backoff (seconds): when the
		// breaker lets trial calls through, reconnect at once so recovery takes the breaker's wait,
		// not the backoff's
		resilience.ifAvailable(downstreams -> downstreams.downstream("customer-service")
			.circuitBreaker()
			.getEventPublisher()
			.onStateTransition(event -> {
				if (event.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN) {
					channel.resetConnectBackoff();
				}
			}));
		return CustomerServiceGrpc.newBlockingStub(channel);
	}

}
