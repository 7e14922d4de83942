package com.example.platform.starter.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a failing Kafka record is retried before it goes to the dead-letter topic
 * ({@code <topic><deadLetterSuffix>}, same key, failure reason in headers).
 *
 * @param deadLetterSuffix appended to a topic's name to name its dead-letter topic
 * @param retries attempts after the first failure, before the record goes to the dead-letter topic
 * @param initialBackoff wait before the first retry
 * @param backoffMultiplier factor applied to the wait after each retry
 * @param maxBackoff longest wait between two retries
 */
@ConfigurationProperties("platform.kafka.consumer")
record PlatformKafkaProperties(@DefaultValue("-dlt") String deadLetterSuffix,
		@DefaultValue("3") int retries, @DefaultValue("200ms") Duration initialBackoff,
		@DefaultValue("2.0") double backoffMultiplier, @DefaultValue("2s") Duration maxBackoff) {
}
