package com.example.platform.starter.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cloudevents.rw.CloudEventRWException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.ClassUtils;

/**
 * Kafka consumers never "log and skip": a failing record is retried with exponential backoff, then
 * published to a dead-letter topic with the failure in its headers, and the partition moves on.
 * Records that can never succeed (unparseable payloads, no valid CloudEvents envelope) skip the retries. Failed attempts and dead
 * letters are counted ({@code platform.kafka.consumer.failed.deliveries}, {@code platform.kafka.consumer.dead.letters});
 * dead letters can be replayed through {@code /actuator/deadletters}.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(PlatformKafkaProperties.class)
public class PlatformKafkaAutoConfiguration {

	static final String FAILED_DELIVERIES = "platform.kafka.consumer.failed.deliveries";

	private static final String PROTOBUF_PARSE_FAILURE = "com.google.protobuf.InvalidProtocolBufferException";

	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler platformKafkaErrorHandler(KafkaProperties kafkaProperties, PlatformKafkaProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry) {
		MeterRegistry registry = meterRegistry.getIfUnique();
		DeadLetterPublishingRecoverer recoverer = new MeteredDeadLetterPublishingRecoverer(
				deadLetterTemplate(kafkaProperties),
				// partition -1: let the broker pick by key, whatever the dead-letter topic's partition count
				(record, exception) -> new TopicPartition(record.topic() + properties.deadLetterSuffix(), -1),
				registry);
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
		backOff.setInitialInterval(properties.initialBackoff().toMillis());
		backOff.setMultiplier(properties.backoffMultiplier());
		backOff.setMaxInterval(properties.maxBackoff().toMillis());
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
		// A record without a valid CloudEvents envelope (read with the SDK: KafkaMessageFactory.createReader) never
		// becomes valid by retrying
		errorHandler.addNotRetryableExceptions(CloudEventRWException.class);
		if (ClassUtils.isPresent(PROTOBUF_PARSE_FAILURE, getClass().getClassLoader())) {
			errorHandler.addNotRetryableExceptions(
					ClassUtils.resolveClassName(PROTOBUF_PARSE_FAILURE, getClass().getClassLoader())
						.asSubclass(Exception.class));
		}
		if (registry != null) {
			errorHandler.setRetryListeners(new RetryCounter(registry));
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class DeadLetterEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
		DeadLetterEndpoint platformDeadLetterEndpoint(ObjectProvider<KafkaListenerEndpointRegistry> listeners,
				KafkaProperties kafkaProperties, PlatformKafkaProperties properties, Environment environment) {
			String replayGroup = environment.getProperty("spring.application.name", "application")
					+ "-deadletter-replay";
			return new DeadLetterEndpoint(listeners, new DeadLetterReplayer(kafkaProperties.buildConsumerProperties(),
					kafkaProperties.buildProducerProperties(), replayGroup), properties.deadLetterSuffix());
		}

	}

	/** Counts each failed delivery attempt that the error handler retries or recovers. */
	private static final class RetryCounter implements RetryListener {

		private final MeterRegistry registry;

		RetryCounter(MeterRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
			Counter.builder(FAILED_DELIVERIES)
				.description("Failed attempts to deliver a Kafka record to a listener; each is followed by a retry or, for the last one, a dead letter")
				.tag("topic", record.topic())
				.tag("exception", MeteredDeadLetterPublishingRecoverer.rootCause(ex).getClass().getSimpleName())
				.register(this.registry)
				.increment();
		}

	}

}
