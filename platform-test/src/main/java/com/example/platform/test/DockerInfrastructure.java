package com.example.platform.test;

import java.net.InetSocketAddress;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Testcontainers, used only where a Docker engine answers. Kept apart so that machines without
 * Docker never load these classes. One container of each kind per JVM; Ryuk removes them.
 */
final class DockerInfrastructure {

	static final String POSTGRES_IMAGE = "postgres:17-alpine";

	static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

	static final String REDIS_IMAGE = "redis:7-alpine";

	private static PostgreSQLContainer postgres;

	private static KafkaContainer kafka;

	private static GenericContainer<?> redis;

	private DockerInfrastructure() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	static synchronized PlatformInfrastructure.ServerCoordinates postgres() {
		if (postgres == null) {
			postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
			postgres.start();
		}
		return new PlatformInfrastructure.ServerCoordinates(postgres.getHost(), postgres.getMappedPort(5432),
				postgres.getUsername(), postgres.getPassword());
	}

	static synchronized String kafkaBootstrapServers() {
		if (kafka == null) {
			kafka = new KafkaContainer(KAFKA_IMAGE);
			kafka.start();
		}
		return kafka.getBootstrapServers();
	}

	static synchronized InetSocketAddress redis() {
		if (redis == null) {
			redis = new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379);
			redis.start();
		}
		return new InetSocketAddress(redis.getHost(), redis.getMappedPort(6379));
	}

}
