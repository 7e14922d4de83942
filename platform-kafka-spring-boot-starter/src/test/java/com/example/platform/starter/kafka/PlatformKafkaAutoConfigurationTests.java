package com.example.platform.starter.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlatformKafkaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PlatformKafkaAutoConfiguration.class, KafkaAutoConfiguration.class));

	@Test
	void listenersRetryThenDeadLetterByDefault() {
		this.contextRunner.run(context -> {
			assertThat(context).hasSingleBean(CommonErrorHandler.class);
			assertThat(context.getBean(CommonErrorHandler.class)).isInstanceOf(DefaultErrorHandler.class);
			PlatformKafkaProperties properties = context.getBean(PlatformKafkaProperties.class);
			assertThat(properties.deadLetterSuffix()).isEqualTo("-dlt");
			assertThat(properties.retries()).isEqualTo(3);
		});
	}

	@Test
	void recordsWithoutACloudEventsEnvelopeGoToTheDeadLetterTopicWithoutRetries() {
		this.contextRunner.run(context -> {
			DefaultErrorHandler handler = context.getBean(DefaultErrorHandler.class);
			// What the SDK throws for a record without ce_specversion (no envelope)
			RecordHeaders noEnvelope = new RecordHeaders();
			noEnvelope.add("ce_type", "platform.order.events.v1.OrderPlaced".getBytes(StandardCharsets.UTF_8));
			assertThatExceptionOfType(CloudEventRWException.class)
				.isThrownBy(() -> KafkaMessageFactory.createReader(noEnvelope, new byte[0]).toEvent());
			// false: classified as not retryable (removeClassification returns the classification it removes)
			assertThat(handler.removeClassification(CloudEventRWException.class)).isFalse();
			assertThat(handler.removeClassification(IllegalStateException.class)).isNull();
		});
	}

	@Test
	void retryPolicyIsConfigurable() {
		this.contextRunner
			.withPropertyValues("platform.kafka.consumer.retries=5", "platform.kafka.consumer.dead-letter-suffix=.DLT")
			.run(context -> {
				PlatformKafkaProperties properties = context.getBean(PlatformKafkaProperties.class);
				assertThat(properties.retries()).isEqualTo(5);
				assertThat(properties.deadLetterSuffix()).isEqualTo(".DLT");
			});
	}

	@Test
	void backsOffForTheServicesOwnErrorHandler() {
		this.contextRunner.withUserConfiguration(OwnErrorHandler.class).run(context -> {
			assertThat(context).hasSingleBean(CommonErrorHandler.class);
			assertThat(context.getBean(CommonErrorHandler.class)).isInstanceOf(CommonLoggingErrorHandler.class);
		});
	}

	@Test
	void deadLettersCanBeReplayedThroughAnActuatorEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=deadletters")
			.run(context -> assertThat(context).hasSingleBean(DeadLetterEndpoint.class));
	}

	@Test
	void theReplayEndpointIsOnlyThereWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run(context -> assertThat(context).doesNotHaveBean(DeadLetterEndpoint.class));
	}

	@Test
	void deadLettersAndFailedAttemptsAreCounted() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run(context -> {
			SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
			DefaultErrorHandler handler = context.getBean(DefaultErrorHandler.class);
			ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, 7L, "k", "v");
			// Every retry listener the handler notifies: the starter's counter among them
			handler.handleOne(new IllegalStateException("boom"), record, new MockConsumer<>("earliest"),
					new KafkaMessageListenerContainer<>(
							new DefaultKafkaConsumerFactory<>(Map.of()), new ContainerProperties("orders")));
			assertThat(registry.find(PlatformKafkaAutoConfiguration.FAILED_DELIVERIES).tag("topic", "orders")
				.tag("exception", "IllegalStateException").counter())
				.isNotNull()
				.satisfies((counter) -> assertThat(counter.count()).isEqualTo(1.0));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnErrorHandler {

		@Bean
		CommonErrorHandler ownErrorHandler() {
			return new CommonLoggingErrorHandler();
		}

	}

}
