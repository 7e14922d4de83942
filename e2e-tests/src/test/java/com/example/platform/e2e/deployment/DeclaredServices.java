package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The services platform.yaml declares (the one declaration, ADR 0006): the reference the deployment checks compare
 * docker-compose.yml, the Kubernetes manifests, the init scripts and the network policies with, so that a service
 * added with ./platform new-service is checked like the others. Its rules (names, one owner per port, calls naming
 * declared services without a cycle) and its agreement with each application.yaml are platform-cli's check
 * ({@code ./platform check}); here it is only read. A disagreement names the file and line ({@link #locate}).
 */
final class DeclaredServices {

	static final String FILE = "platform.yaml";

	private DeclaredServices() {
	}

	/** A declared service; grpcPort and database are null where not declared. */
	record Service(String name, int httpPort, int managementPort, Integer grpcPort, String database,
			List<String> calls) {
	}

	/** The declared services by name, in declaration order. */
	static Map<String, Service> read(Path root) {
		Map<String, Service> services = new LinkedHashMap<>();
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text(root.resolve(FILE)));
		Object declared = (document instanceof Map<?, ?> map) ? map.get("services") : null;
		if (!(declared instanceof Map<?, ?> entries)) {
			throw new IllegalStateException(root.resolve(FILE) + " declares no services");
		}
		entries.forEach((name, value) -> {
			Map<?, ?> fields = (value instanceof Map<?, ?> map) ? map : Map.of();
			List<String> calls = new ArrayList<>();
			if (fields.get("calls") instanceof List<?> list) {
				list.forEach((callee) -> calls.add(String.valueOf(callee)));
			}
			services.put(name.toString(),
					new Service(name.toString(), (Integer) fields.get("http-port"),
							(Integer) fields.get("management-port"), (Integer) fields.get("grpc-port"),
							(String) fields.get("database"), List.copyOf(calls)));
		});
		return services;
	}

	/** Each declared service's name and its management port, in declaration order. */
	static Map<String, Integer> managementPorts(Path root) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		read(root).forEach((name, service) -> ports.put(name, service.managementPort()));
		return ports;
	}

	/** The declared services' names, in declaration order. */
	static List<String> names(Path root) {
		return List.copyOf(read(root).keySet());
	}

	/**
	 * Where {@code key} (a YAML key, e.g. {@code http-port}, {@code HTTP_PORT}, or a JSON patch's /data/KEY) is written
	 * in {@code file}, as "file:line" relative to root, or the file alone when it is not there. With {@code after} (a whole
	 * line, e.g. "order-service:" or "name: order-service-config"), only within that section: up to the
	 * next key of the same or a lower indentation when that line opens a block (ends with ':'), else up to the next
	 * document (---) or kustomize patch (- target:).
	 */
	static String locate(Path root, Path file, String after, String key) {
		List<String> lines = lines(file);
		int start = -1;
		for (int i = 0; i < lines.size() && after != null && start < 0; i++) {
			if (lines.get(i).replaceFirst("#.*$", "").trim().equals(after)) {
				start = i;
			}
		}
		if (after != null && start < 0) {
			return root.relativize(file).toString();
		}
		boolean block = after != null && lines.get(start).replaceFirst("#.*$", "").trim().endsWith(":");
		int indent = (after != null) ? indentation(lines.get(start)) : 0;
		for (int i = Math.max(start, 0); i < lines.size(); i++) {
			String line = lines.get(i).replaceFirst("#.*$", "").trim();
			if (i > start && after != null && (line.equals("---") || line.startsWith("- target:")
					|| (block && !line.isEmpty() && indentation(lines.get(i)) <= indent))) {
				break;
			}
			if (line.startsWith(key + ":") || line.contains(" " + key + ":") || line.endsWith("/" + key)) {
				return root.relativize(file) + ":" + (i + 1);
			}
		}
		return root.relativize(file).toString();
	}

	private static int indentation(String line) {
		return line.length() - line.stripLeading().length();
	}

	/** Where the declaration of {@code service} writes {@code key}, e.g. "platform.yaml:46 (http-port: 8081)". */
	static String declared(Path root, String service, String key, Object value) {
		return locate(root, root.resolve(FILE), service + ":", key) + " (" + key + ": " + Objects.toString(value)
				+ ")";
	}

	/** The first line of {@code file} containing {@code text}, as "file:line", or the file alone. */
	static String lineOf(Path root, Path file, String text) {
		List<String> lines = lines(file);
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return root.relativize(file) + ":" + (i + 1);
			}
		}
		return root.relativize(file).toString();
	}

	private static List<String> lines(Path file) {
		return List.of(text(file).split("\n", -1));
	}

	private static String text(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
