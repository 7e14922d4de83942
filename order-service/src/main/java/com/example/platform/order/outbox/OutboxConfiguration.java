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

	/** How long the oldest waiting event has waited: the delay consumers see, whatever the volume. */
	@Bean
	MeterBinder outboxOldestPendingAgeGauge(OutboxRelay relay) {
		return (registry) -> Gauge
			.builder("platform.outbox.oldest.pending.age", relay, (r) -> r.oldestPendingAge().toMillis() / 1000.0)
			.description("Age of the oldest outbox event not yet acknowledged by Kafka (0 when none waits)")
			.baseUnit("seconds")
			.register(registry);
	}

}
