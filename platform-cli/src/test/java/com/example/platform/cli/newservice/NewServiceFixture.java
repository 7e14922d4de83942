package com.example.platform.cli.newservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.example.platform.cli.derived.DerivedFiles;

/**
 * A small repository for the generator's tests: only the files it reads and edits, copied from this repository (so
 * the anchors the command relies on are the real ones), in a temporary directory.
 */
final class NewServiceFixture {

	static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	static final Set<String> FILES = files();

	private NewServiceFixture() {
	}

	private static Set<String> files() {
		Set<String> files = new LinkedHashSet<>(List.of(ServiceWiring.PLATFORM_YAML, ServiceWiring.COMPOSE,
				ServiceWiring.SERVICE_EDGES, ServiceWiring.EGRESS));
		files.addAll(DerivedFiles.paths());
		return files;
	}

	static Path create(Path directory) throws IOException {
		for (String file : FILES) {
			Path target = directory.resolve(file);
			Files.createDirectories(target.getParent());
			Files.copy(REPOSITORY.resolve(file), target);
		}
		// The existing modules, as directories
		for (String module : List.of("gateway", "customer-service", "order-service", "notification-service",
				"auth-server")) {
			Files.createDirectories(directory.resolve(module));
		}
		return directory;
	}

}
