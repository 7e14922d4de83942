package com.example.platform.order.outbox;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

	/** order-service owns its event topic; the broker's default replication applies. */
	@Bean
	NewTopic orderEventsTopic(OutboxProperties properties) {
		return TopicBuilder.name(properties.topic()).partitions(3).build();
	}

	/** platform.outbox.pending and platform.outbox.oldest.pending.age: how far the relay is behind. */
	@Bean
	MeterBinder outboxBacklogGauges(OutboxRelay relay) {
		return relay.backlog();
	}

}
