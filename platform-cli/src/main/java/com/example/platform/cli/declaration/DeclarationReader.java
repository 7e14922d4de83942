package com.example.platform.cli.declaration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns the text of platform.yaml into records, collecting every problem of shape (a missing port, a list written as
 * a string, an unknown key) instead of stopping at the first. What the values mean together is
 * {@link DeclarationRules}' job.
 */
final class DeclarationReader {

	static final String HTTP_PORT = "http-port";
	static final String MANAGEMENT_PORT = "management-port";
	static final String GRPC_PORT = "grpc-port";

	private static final Set<String> TOP_LEVEL_KEYS = Set.of("services", "infrastructure", "images");

	private static final Set<String> IMAGES_KEYS = Set.of("registry", "tag");

	private static final Set<String> SERVICE_KEYS = Set.of("description", HTTP_PORT, MANAGEMENT_PORT, GRPC_PORT,
			"database", "calls", "publishes", "consumes", "route");

	private static final Set<String> ROUTE_KEYS = Set.of("paths", "timeout-ms", "read-scope", "write-scope");

	private static final Set<String> INFRASTRUCTURE_KEYS = Set.of("description", "port", "controller-port", "external");

	/** Stands for a port that is missing or not a number: reported once here, ignored by the rules. */
	static final int NO_PORT = 0;

	private final List<String> problems = new ArrayList<>();

	private final List<ServiceDeclaration> services = new ArrayList<>();

	private final List<InfrastructureComponent> infrastructure = new ArrayList<>();

	private Optional<ImageRepository> images = Optional.empty();

	static DeclarationReader read(String yaml) {
		DeclarationReader reader = new DeclarationReader();
		reader.readDocument(yaml);
		return reader;
	}

	List<String> problems() {
		return this.problems;
	}

	List<ServiceDeclaration> services() {
		return this.services;
	}

	List<InfrastructureComponent> infrastructure() {
		return this.infrastructure;
	}

	Optional<ImageRepository> images() {
		return this.images;
	}

	private void readDocument(String yaml) {
		LoaderOptions options = new LoaderOptions();
		// A service declared twice is a mistake, not an override
		options.setAllowDuplicateKeys(false);
		Object document;
		try {
			document = new Yaml(new SafeConstructor(options)).load(yaml);
		}
		catch (YAMLException ex) {
			this.problems.add("not valid YAML: " + ex.getMessage());
			return;
		}
		if (!(document instanceof Map<?, ?> root)) {
			this.problems.add("expected a mapping with 'services' (and 'infrastructure') at the top");
			return;
		}
		unknownKeys("the top level", root, TOP_LEVEL_KEYS);
		Map<String, Object> services = mapping(root.get("services"), "services");
		if (services.isEmpty()) {
			this.problems.add("'services' is missing or empty: declare at least one service");
		}
		services.forEach(this::readService);
		mapping(root.get("infrastructure"), "infrastructure").forEach(this::readInfrastructure);
		if (root.get("images") != null) {
			Map<String, Object> images = mapping(root.get("images"), "images");
			unknownKeys("images", images, IMAGES_KEYS);
			this.images = Optional.of(new ImageRepository(text(images, "registry", "images"), text(images, "tag", "images")));
		}
	}

	private void readService(String name, Object value) {
		String where = "service " + name;
		Map<String, Object> fields = mapping(value, where);
		unknownKeys(where, fields, SERVICE_KEYS);
		this.services.add(new ServiceDeclaration(name, text(fields, "description", where),
				requiredPort(fields, HTTP_PORT, where), requiredPort(fields, MANAGEMENT_PORT, where),
				optionalPort(fields, GRPC_PORT, where), optionalText(fields, "database", where),
				names(fields, "calls", where), names(fields, "publishes", where), names(fields, "consumes", where),
				route(fields.get("route"), where)));
	}

	private Optional<PublicRoute> route(Object value, String service) {
		if (value == null) {
			return Optional.empty();
		}
		String where = service + ", route";
		Map<String, Object> fields = mapping(value, where);
		unknownKeys(where, fields, ROUTE_KEYS);
		List<String> paths = names(fields, "paths", where);
		if (paths.isEmpty()) {
			this.problems.add(where + ": paths is missing: list the path prefixes it serves, e.g. [/api/widgets]");
		}
		Object timeout = fields.get("timeout-ms");
		int timeoutMillis = 0;
		if (timeout instanceof Integer millis && millis > 0) {
			timeoutMillis = millis;
		}
		else {
			this.problems.add(where + ": timeout-ms must be a positive number of milliseconds, not '" + timeout + "'");
		}
		return Optional.of(new PublicRoute(paths, timeoutMillis, text(fields, "read-scope", where),
				optionalText(fields, "write-scope", where)));
	}

	private void readInfrastructure(String name, Object value) {
		String where = "infrastructure " + name;
		Map<String, Object> fields = mapping(value, where);
		unknownKeys(where, fields, INFRASTRUCTURE_KEYS);
		Object external = fields.getOrDefault("external", false);
		if (!(external instanceof Boolean)) {
			this.problems.add(where + ": external must be true or false, not '" + external + "'");
		}
		this.infrastructure.add(new InfrastructureComponent(name, text(fields, "description", where),
				requiredPort(fields, "port", where), optionalPort(fields, "controller-port", where),
				Boolean.TRUE.equals(external)));
	}

	private Map<String, Object> mapping(Object value, String where) {
		Map<String, Object> fields = new LinkedHashMap<>();
		if (value == null) {
			return fields;
		}
		if (!(value instanceof Map<?, ?> map)) {
			this.problems.add(where + ": expected a mapping of keys to values, not '" + value + "'");
			return fields;
		}
		map.forEach((key, field) -> fields.put(String.valueOf(key), field));
		return fields;
	}

	private void unknownKeys(String where, Map<?, ?> fields, Set<String> known) {
		for (Object key : fields.keySet()) {
			if (!known.contains(String.valueOf(key))) {
				this.problems.add(where + ": unknown key '" + key + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
			}
		}
	}

	private String text(Map<String, Object> fields, String key, String where) {
		Object value = fields.get(key);
		if (value == null || String.valueOf(value).isBlank()) {
			this.problems.add(where + ": " + key + " is missing");
			return "";
		}
		return String.valueOf(value).strip();
	}

	private Optional<String> optionalText(Map<String, Object> fields, String key, String where) {
		Object value = fields.get(key);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof String string) || string.isBlank()) {
			this.problems.add(where + ": " + key + " must be a name, not '" + value + "'");
			return Optional.empty();
		}
		return Optional.of(string.strip());
	}

	private int requiredPort(Map<String, Object> fields, String key, String where) {
		if (fields.get(key) == null) {
			this.problems.add(where + ": " + key + " is missing");
			return NO_PORT;
		}
		return port(fields.get(key), key, where);
	}

	private OptionalInt optionalPort(Map<String, Object> fields, String key, String where) {
		if (fields.get(key) == null) {
			return OptionalInt.empty();
		}
		int port = port(fields.get(key), key, where);
		return port == NO_PORT ? OptionalInt.empty() : OptionalInt.of(port);
	}

	private int port(Object value, String key, String where) {
		if (value instanceof Integer port && port >= 1 && port <= 65535) {
			return port;
		}
		this.problems.add(where + ": " + key + " must be a port number (1-65535), not '" + value + "'");
		return NO_PORT;
	}

	private List<String> names(Map<String, Object> fields, String key, String where) {
		Object value = fields.get(key);
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			this.problems.add(where + ": " + key + " must be a list, e.g. [" + value + "], not '" + value + "'");
			return List.of();
		}
		List<String> names = new ArrayList<>();
		for (Object element : list) {
			if (element instanceof String name && !name.isBlank()) {
				names.add(name.strip());
			}
			else {
				this.problems.add(where + ": " + key + " must list names, not '" + element + "'");
			}
		}
		return names;
	}

}
