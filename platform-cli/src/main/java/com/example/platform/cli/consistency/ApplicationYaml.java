package com.example.platform.cli.consistency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A service's application.yaml as SnakeYAML reads it (its first document: the defaults every profile starts from),
 * looked up by Spring's dotted keys. Placeholders stay text, e.g. {@code ${HTTP_PORT:8081}}.
 */
final class ApplicationYaml {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):(.*)}");

	private final Map<?, ?> root;

	private ApplicationYaml(Map<?, ?> root) {
		this.root = root;
	}

	static ApplicationYaml read(Path file) throws IOException {
		Iterable<Object> documents = new Yaml(new SafeConstructor(new LoaderOptions()))
			.loadAll(Files.readString(file, StandardCharsets.UTF_8));
		for (Object document : documents) {
			return new ApplicationYaml((document instanceof Map<?, ?> map) ? map : Map.of());
		}
		return new ApplicationYaml(Map.of());
	}

	/** The value at a dotted key, written nested ({@code server: port:}) or flat ({@code server.port:}). */
	Optional<Object> value(String dottedKey) {
		return Optional.ofNullable(find(this.root, dottedKey.split("\\.")));
	}

	private static Object find(Map<?, ?> map, String[] segments) {
		// Longest prefix first: "management.server.port" may be one key, or "management" then "server.port"
		for (int length = segments.length; length >= 1; length--) {
			String key = String.join(".", Arrays.copyOfRange(segments, 0, length));
			if (!map.containsKey(key)) {
				continue;
			}
			Object value = map.get(key);
			if (length == segments.length) {
				return value;
			}
			if (value instanceof Map<?, ?> nested) {
				Object found = find(nested, Arrays.copyOfRange(segments, length, segments.length));
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** The environment variable and default of {@code ${NAME:default}}, or empty when the value is no placeholder. */
	static Optional<Placeholder> placeholder(Object value) {
		Matcher matcher = PLACEHOLDER.matcher(String.valueOf(value));
		return matcher.matches() ? Optional.of(new Placeholder(matcher.group(1), matcher.group(2))) : Optional.empty();
	}

	record Placeholder(String variable, String defaultValue) {
	}

}
