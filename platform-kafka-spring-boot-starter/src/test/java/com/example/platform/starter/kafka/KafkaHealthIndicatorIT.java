package com.example.platform.starter.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import com.example.platform.test.PlatformInfrastructure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka health indicator, as auto-configured from {@code spring.kafka.*}, against a real broker and none. */
class KafkaHealthIndicatorIT {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PlatformKafkaHealthAutoConfiguration.class))
		.withPropertyValues("platform.kafka.health.timeout=1s");

	@Test
	void upWhenTheBrokerAnswers() {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=" + PlatformInfrastructure.kafkaBootstrapServers())
			.run((context) -> {
				Health health = context.getBean(KafkaHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("nodes", 1).containsKey("clusterId");
			});
	}

	@Test
	void downWhenNothingAnswers() throws IOException {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + unusedPort())
			.run((context) -> {
				Health health = context.getBean(KafkaHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsKey("error");
			});
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort(); // nothing listens on it once closed
		}
	}

}
