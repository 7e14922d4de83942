package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The resources of the platform starter and of its opt-in parts (platform-*-spring-boot-starter). */
final class StarterResources {

	private StarterResources() {
	}

	/** Every file under the starters' src/main/resources, sorted. */
	static List<Path> files(Path root) {
		try (Stream<Path> modules = Files.list(root)) {
			return modules.filter((dir) -> dir.getFileName().toString().matches("platform-(.+-)?spring-boot-starter"))
				.map((dir) -> dir.resolve("src/main/resources"))
				.filter(Files::isDirectory)
				.flatMap(StarterResources::walk)
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Stream<Path> walk(Path resources) {
		try {
			return Files.walk(resources);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
