package com.example.platform.cli.declaration;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One service of platform.yaml: its name is its directory, artifactId, {@code spring.application.name} and host name.
 *
 * @param name the service's name
 * @param description one line saying what it does
 * @param httpPort its HTTP port ({@code server.port})
 * @param managementPort its actuator port ({@code management.server.port})
 * @param grpcPort its gRPC server port, when it serves gRPC
 * @param database its PostgreSQL database, when it has one
 * @param calls the services it calls synchronously (REST or gRPC)
 * @param publishes the Kafka topics it publishes to
 * @param consumes the Kafka topics it consumes
 * @param route its public route through the gateway, when it has one
 */
public record ServiceDeclaration(String name, String description, int httpPort, int managementPort,
		OptionalInt grpcPort, Optional<String> database, List<String> calls, List<String> publishes,
		List<String> consumes, Optional<PublicRoute> route) {

	public ServiceDeclaration {
		calls = List.copyOf(calls);
		publishes = List.copyOf(publishes);
		consumes = List.copyOf(consumes);
	}

	/** True when it talks to Kafka at all, so it needs the broker's address. */
	public boolean usesKafka() {
		return !this.publishes.isEmpty() || !this.consumes.isEmpty();
	}

}
