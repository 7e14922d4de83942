package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The services platform.yaml declares (the one declaration, ADR 0006), read for the deployment checks so that a
 * service added with ./platform new-service is checked like the others.
 */
final class DeclaredServices {

	private DeclaredServices() {
	}

	/** Each declared service's name and its management port, in declaration order. */
	static Map<String, Integer> managementPorts(Path root) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		services(root).forEach((name, fields) -> ports.put(name, (Integer) ((Map<?, ?>) fields).get("management-port")));
		return ports;
	}

	/** The declared services' names, in declaration order. */
	static List<String> names(Path root) {
		return List.copyOf(services(root).keySet());
	}

	private static Map<String, Object> services(Path root) {
		try {
			Object document = new Yaml(new SafeConstructor(new LoaderOptions()))
				.load(Files.readString(root.resolve("platform.yaml"), StandardCharsets.UTF_8));
			@SuppressWarnings("unchecked")
			Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) document).get("services");
			return services;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
