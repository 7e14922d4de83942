package com.example.platform.starter.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

import com.example.platform.starter.defaults.PlatformDefaultsEnvironmentPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka part's defaults join the starter's in the one lowest-precedence source. */
class KafkaDefaultsTests {

	@Test
	void theKafkaPartsDefaultsApplyBesideTheStarters() {
		StandardEnvironment environment = new StandardEnvironment();
		new PlatformDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence")).isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
		assertThat(environment.getProperty("spring.kafka.consumer.enable-auto-commit")).isEqualTo("false");
		// the starter's own, from its file
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

}
