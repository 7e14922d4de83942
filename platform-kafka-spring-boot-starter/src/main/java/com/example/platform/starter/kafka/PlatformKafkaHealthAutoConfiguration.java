package com.example.platform.starter.kafka;

import org.apache.kafka.clients.admin.Admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * A health indicator named {@code kafka}: neither Spring Boot nor Spring for Apache Kafka has one.
 * It talks to the cluster with the settings of the service's {@link KafkaAdmin} (Boot builds that from
 * {@code spring.kafka.*} and its connection details, security included). Off with
 * {@code management.health.kafka.enabled=false}; replaced by a bean named {@code kafkaHealthIndicator}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ KafkaAdmin.class, Admin.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnEnabledHealthIndicator("kafka")
@EnableConfigurationProperties(PlatformKafkaHealthProperties.class)
public class PlatformKafkaHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "kafkaHealthIndicator", "kafkaHealthContributor" })
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, PlatformKafkaHealthProperties properties) {
		return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), properties.timeout());
	}

}
