package com.example.platform.starter.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Configuration(proxyBeanMethods = false)
	static class OwnErrorHandler {

		@Bean
		CommonErrorHandler ownErrorHandler() {
			return new CommonLoggingErrorHandler();
		}

	}

}
