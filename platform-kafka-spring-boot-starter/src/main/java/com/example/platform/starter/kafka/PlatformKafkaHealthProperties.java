package com.example.platform.starter.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka health check ({@code kafka} in {@code /actuator/health} and, by default, in the readiness group).
 * @param timeout how long a check waits for the cluster to answer before it reports DOWN
 */
@ConfigurationProperties("platform.kafka.health")
record PlatformKafkaHealthProperties(@DefaultValue("2s") Duration timeout) {
}
