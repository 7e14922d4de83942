package com.example.platform.starter.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.ClassUtils;

/**
 * Kafka consumers never "log and skip": a failing record is retried with exponential backoff, then
 * published to a dead-letter topic with the failure in its headers, and the partition moves on.
 * Records that can never succeed (unparseable payloads) skip the retries.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(PlatformKafkaProperties.class)
public class PlatformKafkaAutoConfiguration {

	private static final String PROTOBUF_PARSE_FAILURE = "com.google.protobuf.InvalidProtocolBufferException";

	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler platformKafkaErrorHandler(KafkaProperties kafkaProperties, PlatformKafkaProperties properties) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
				deadLetterTemplate(kafkaProperties),
				// partition -1: let the broker pick by key, whatever the dead-letter topic's partition count
				(record, exception) -> new TopicPartition(record.topic() + properties.deadLetterSuffix(), -1));
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
		backOff.setInitialInterval(properties.initialBackoff().toMillis());
		backOff.setMultiplier(properties.backoffMultiplier());
		backOff.setMaxInterval(properties.maxBackoff().toMillis());
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
		if (ClassUtils.isPresent(PROTOBUF_PARSE_FAILURE, getClass().getClassLoader())) {
			errorHandler.addNotRetryableExceptions(
					ClassUtils.resolveClassName(PROTOBUF_PARSE_FAILURE, getClass().getClassLoader())
						.asSubclass(Exception.class));
		}
		return errorHandler;
	}

	/**
	 * Dead letters carry the original bytes (or strings) whatever the service's own producer
	 * serializes, so they get their own template.
	 */
	private static KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafkaProperties) {
		Map<String, Object> config = new LinkedHashMap<>(kafkaProperties.buildProducerProperties());
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
		byType.put(byte[].class, new ByteArraySerializer());
		byType.put(String.class, new StringSerializer());
		DefaultKafkaProducerFactory<Object, Object> producerFactory = new DefaultKafkaProducerFactory<>(config,
				new DelegatingByTypeSerializer(byType, true), new DelegatingByTypeSerializer(byType, true));
		return new KafkaTemplate<>(producerFactory);
	}

}
