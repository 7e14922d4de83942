package com.example.platform.starter.kafka;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformKafkaHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(KafkaAutoConfiguration.class, PlatformKafkaHealthAutoConfiguration.class));

	@Test
	void aServiceWithKafkaGetsAKafkaHealthIndicatorWithAShortTimeout() {
		this.contextRunner.run((context) -> {
			// The bean name gives the contributor its name: "kafka", as the readiness group lists it
			assertThat(context).hasSingleBean(KafkaHealthIndicator.class).hasBean("kafkaHealthIndicator");
			assertThat(context.getBean(PlatformKafkaHealthProperties.class).timeout()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void theTimeoutIsConfigurable() {
		this.contextRunner.withPropertyValues("platform.kafka.health.timeout=500ms")
			.run((context) -> assertThat(context.getBean(PlatformKafkaHealthProperties.class).timeout())
				.isEqualTo(Duration.ofMillis(500)));
	}

	@Test
	void backsOffForTheServicesOwnKafkaHealthIndicator() {
		this.contextRunner.withUserConfiguration(OwnIndicator.class).run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class);
			assertThat(context.getBean("kafkaHealthIndicator", HealthIndicator.class).health())
				.isEqualTo(Health.up().withDetail("mine", true).build());
		});
	}

	@Test
	void canBeSwitchedOffLikeBootsOwnIndicators() {
		this.contextRunner.withPropertyValues("management.health.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
	}

	@Test
	void nothingWithoutKafkaAdmin() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PlatformKafkaHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIndicator {

		@Bean
		HealthIndicator kafkaHealthIndicator() {
			return () -> Health.up().withDetail("mine", true).build();
		}

	}

}
