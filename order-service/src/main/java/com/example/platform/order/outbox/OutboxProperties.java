package com.example.platform.order.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay.
 *
 * @param topic Kafka topic the events go to
 * @param pollInterval delay between two relay passes when nothing woke it up
 * @param batchSize rows claimed per pass
 * @param sendTimeout how long a pass waits for the broker's acknowledgements of its batch; what is not acknowledged
 * by then stays pending. Keep it above the producer's {@code delivery.timeout.ms}. A pass's claim on its rows lasts
 * twice as long (it lapses only when the relay crashed or lost the database mid-pass)
 * @param failureBackoff pause after a failed pass (broker or database down)
 * @param retention how long published rows are kept before they are deleted
 */
@ConfigurationProperties("platform.order.outbox")
record OutboxProperties(@DefaultValue("platform.order.events.v1") String topic,
		@DefaultValue("100ms") Duration pollInterval, @DefaultValue("100") int batchSize,
		@DefaultValue("15s") Duration sendTimeout, @DefaultValue("1s") Duration failureBackoff,
		@DefaultValue("7d") Duration retention) {
}
