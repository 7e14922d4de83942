package com.example.platform.cli.declaration;

import java.util.OptionalInt;

/**
 * Something the services need beside each other (a broker, a database server).
 *
 * @param name its name (kafka, postgres, redis)
 * @param description one line saying what it is for
 * @param port the port clients connect to
 * @param controllerPort a second port it listens on (Kafka's KRaft controller), when it has one
 * @param external true when ./platform up expects it to be running already instead of starting it
 */
public record InfrastructureComponent(String name, String description, int port, OptionalInt controllerPort,
		boolean external) {
}
