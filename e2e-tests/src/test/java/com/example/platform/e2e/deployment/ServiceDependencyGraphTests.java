package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The services' declared synchronous calls ({@code platform.service.calls}) form a DAG; a cycle fails the build
 * and is named.
 */
class ServiceDependencyGraphTests {

	@Test
	void theServicesCallGraphIsADag() {
		ServiceDependencyGraph graph = ServiceDependencyGraph.read(repositoryRoot());

		assertThat(graph.calls()).containsKeys("gateway", "customer-service", "order-service", "notification-service",
				"auth-server");
		assertThat(graph.unknownTargets()).as("calls to services that do not exist").isEmpty();
		graph.assertAcyclic();
		// The bottom of the domain graph calls no domain service; only the issuer, for its keys
		assertThat(graph.calls().get("customer-service")).containsExactly("auth-server");
		assertThat(graph.calls().get("auth-server")).isEmpty();
	}

	@Test
	void aCycleIsFoundAndNamed() {
		ServiceDependencyGraph graph = new ServiceDependencyGraph(Map.of("gateway", List.of("a"), "a", List.of("b"),
				"b", List.of("c"), "c", List.of("a")));

		assertThat(graph.findCycle()).contains(List.of("a", "b", "c", "a"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(graph::assertAcyclic)
			.withMessageContaining("a -> b -> c -> a");
	}

	@Test
	void aServiceCallingItselfIsACycle() {
		assertThat(new ServiceDependencyGraph(Map.of("a", List.of("a"))).findCycle()).contains(List.of("a", "a"));
	}

	@Test
	void sharedDownstreamsAreNoCycle() {
		// diamond: two paths to the same service
		ServiceDependencyGraph graph = new ServiceDependencyGraph(Map.of("gateway", List.of("orders", "customers"),
				"orders", List.of("customers"), "customers", List.of()));

		assertThat(graph.findCycle()).isEmpty();
	}

	@Test
	void aServiceDeclaringACyclicDependencyFailsTheCheck(@TempDir Path root) throws IOException {
		service(root, "order-service", "platform:\n  service:\n    calls: [customer-service]\n");
		service(root, "customer-service", "platform:\n  service:\n    calls: [order-service]\n");
		service(root, "gateway", "platform:\n  service:\n    calls: [order-service, customer-service]\n");

		ServiceDependencyGraph graph = ServiceDependencyGraph.read(root);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(graph::assertAcyclic)
			.withMessageContaining("customer-service -> order-service -> customer-service");
	}

	private static void service(Path root, String name, String yaml) throws IOException {
		Path resources = Files.createDirectories(root.resolve(name).resolve("src/main/resources"));
		Files.writeString(resources.resolve("application.yaml"), yaml);
	}

	private static Path repositoryRoot() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("e2e-tests")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
	}

}
