package com.example.platform.cli.newservice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small repository for the generator's tests: only the files it reads and edits, copied from this repository (so
 * the anchors the command relies on are the real ones), in a temporary directory.
 */
final class NewServiceFixture {

	static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	static final List<String> FILES = List.of(ServiceWiring.PLATFORM_YAML, ServiceWiring.ROOT_POM, ServiceWiring.COMPOSE,
			ServiceWiring.K8S_KUSTOMIZATION, ServiceWiring.SERVICE_EDGES, ServiceWiring.EGRESS,
			ServiceWiring.COMPOSE_INIT_SQL, ServiceWiring.DEV_INIT_SQL, ServiceWiring.DEV_KUSTOMIZATION,
			ServiceWiring.PROD_KUSTOMIZATION, ServiceWiring.PROD_POSTGRES, ServiceWiring.PROD_PDB, ServiceWiring.PROD_HPA,
			ServiceWiring.GATEWAY_YAML, ServiceWiring.GATEWAY_KUBERNETES_YAML, ServiceWiring.AUTH_SERVER_YAML,
			ServiceWiring.TOKEN_SH, ServiceWiring.PROMETHEUS, ServiceWiring.README);

	private NewServiceFixture() {
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
