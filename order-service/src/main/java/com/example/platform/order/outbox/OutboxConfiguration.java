package com.example.platform.order.outbox;

import io.micrometer.core.instrument.Gauge;
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

	/** How far the relay is behind: alert when it grows (broker down, relay stuck). */
	@Bean
	MeterBinder outboxPendingGauge(OutboxRelay relay) {
		return (registry) -> Gauge.builder("platform.outbox.pending", relay, OutboxRelay::pendingEvents)
			.description("Outbox events not yet acknowledged by Kafka")
			.register(registry);
	}

}
