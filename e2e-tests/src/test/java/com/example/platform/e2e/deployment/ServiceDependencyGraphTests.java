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
 * The services' synchronous calls, as platform.yaml declares them ({@code calls}), form a DAG and name declared
 * services; a cycle fails the build and is named.
 */
class ServiceDependencyGraphTests {

	@Test
	void theServicesCallGraphIsADag() {
		ServiceDependencyGraph graph = ServiceDependencyGraph.read(repositoryRoot());

		assertThat(graph.calls()).containsKeys("gateway", "customer-service", "auth-server");
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
		declare(root, """
				services:
				  order-service: {http-port: 8082, management-port: 8182, calls: [customer-service]}
				  customer-service: {http-port: 8081, management-port: 8181, calls: [order-service]}
				  gateway: {http-port: 8080, management-port: 8180, calls: [order-service, customer-service]}
				""");

		ServiceDependencyGraph graph = ServiceDependencyGraph.read(root);

		assertThatExceptionOfType(AssertionError.class).isThrownBy(graph::assertAcyclic)
			.withMessageContaining("customer-service -> order-service -> customer-service");
	}

	@Test
	void aCallToAServiceThatIsNotDeclaredIsReported(@TempDir Path root) throws IOException {
		declare(root, """
				services:
				  gateway: {http-port: 8080, management-port: 8180, calls: [order-service]}
				""");

		assertThat(ServiceDependencyGraph.read(root).unknownTargets()).containsExactly("gateway -> order-service");
	}

	private static void declare(Path root, String yaml) throws IOException {
		Files.writeString(root.resolve("platform.yaml"), yaml);
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
