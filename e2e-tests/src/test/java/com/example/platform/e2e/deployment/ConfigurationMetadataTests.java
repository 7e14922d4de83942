package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code platform.*} key the services set is one an IDE knows: it is described in the configuration metadata
 * the build generates (Spring Boot's configuration processor, {@code target/classes/META-INF/}) of the module that
 * sets it or of the starter every module uses, and every {@code platform.*} key in that metadata has a description.
 * Reads the modules' build output, so it runs after them in the reactor (e2e-tests depends on every service).
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "target/classes/META-INF/spring-configuration-metadata.json";

	private static final Path ROOT = repositoryRoot();

	/** The starter and its opt-in parts (platform-*-spring-boot-starter). */
	private static final List<Path> STARTERS = starterModules();

	@Test
	void everyPlatformKeyAModuleSetsIsDescribedInItsMetadata() throws IOException {
		Map<String, String> starter = new TreeMap<>();
		for (Path part : STARTERS) {
			starter.putAll(metadataOf(part));
		}
		List<String> undescribed = new ArrayList<>();
		int checked = 0;
		for (Path module : modulesWithConfiguration()) {
			Map<String, String> known = new TreeMap<>(starter);
			known.putAll(metadataOf(module));
			for (String key : platformKeysSetBy(module)) {
				checked++;
				if (!isDescribed(key, known)) {
					undescribed.add(ROOT.relativize(module) + ": " + key);
				}
			}
		}
		for (Path part : STARTERS) {
			for (String key : platformKeysOf(part.resolve("src/main/resources/META-INF/platform/defaults.properties"))) {
				checked++;
				if (!isDescribed(key, starter)) {
					undescribed.add(ROOT.relativize(part) + " defaults.properties: " + key);
				}
			}
		}
		assertThat(checked).as("platform.* keys found in the modules' configuration").isGreaterThan(30);
		assertThat(undescribed).as("platform.* keys without a description in the generated metadata").isEmpty();
	}

	@Test
	void everyPlatformKeyInTheMetadataHasADescription() throws IOException {
		List<String> missing = new ArrayList<>();
		for (Path module : Stream.concat(STARTERS.stream(), modulesWithConfiguration().stream()).toList()) {
			metadataOf(module).forEach((name, description) -> {
				if (name.startsWith("platform.") && description.isBlank()) {
					missing.add(ROOT.relativize(module) + ": " + name);
				}
			});
		}
		assertThat(missing).isEmpty();
	}

	// A key is described by a property of the same name, or by the list or map property it is an element of
	private static boolean isDescribed(String key, Map<String, String> metadata) {
		for (Map.Entry<String, String> property : metadata.entrySet()) {
			String name = property.getKey();
			boolean covers = key.equals(name) || key.startsWith(name + ".") || key.startsWith(name + "[");
			if (covers && !property.getValue().isBlank()) {
				return true;
			}
		}
		return false;
	}

	/** Property name -> description ("" when it has none). */
	private static Map<String, String> metadataOf(Path module) throws IOException {
		Path file = module.resolve(METADATA);
		Map<String, String> properties = new TreeMap<>();
		if (!Files.exists(file)) {
			return properties;
		}
		JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
		for (JsonNode property : root.path("properties")) {
			properties.put(property.path("name").asString(), property.path("description").asString(""));
		}
		return properties;
	}

	private static List<Path> starterModules() {
		try (Stream<Path> dirs = Files.list(ROOT)) {
			return dirs.filter((dir) -> dir.getFileName().toString().matches("platform-(.+-)?spring-boot-starter"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static List<Path> modulesWithConfiguration() throws IOException {
		try (Stream<Path> dirs = Files.list(ROOT)) {
			return dirs.filter((dir) -> Files.exists(dir.resolve("src/main/resources/application.yaml"))).sorted().toList();
		}
	}

	private static List<String> platformKeysSetBy(Path module) throws IOException {
		List<String> keys = new ArrayList<>();
		try (Stream<Path> files = Files.list(module.resolve("src/main/resources"))) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
						flatten("", document, keys);
					}
				}
			}
		}
		return keys.stream().filter((key) -> key.startsWith("platform.")).distinct().toList();
	}

	private static List<String> platformKeysOf(Path propertiesFile) throws IOException {
		Properties properties = new Properties();
		if (!Files.exists(propertiesFile)) {
			return List.of();
		}
		try (Reader reader = Files.newBufferedReader(propertiesFile)) {
			properties.load(reader);
		}
		return properties.stringPropertyNames().stream().filter((key) -> key.startsWith("platform.")).sorted().toList();
	}

	// Map keys join with dots; a list is one key (its elements are described by the list property)
	private static void flatten(String prefix, Object node, List<String> keys) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, keys));
		}
		else if (!prefix.isEmpty()) {
			keys.add(prefix);
		}
	}

	private static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.exists(dir.resolve("platform-spring-boot-starter"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
	}

}
