package com.example.platform.cli.declaration;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Each mistake someone editing platform.yaml can make, and the message that names it. */
class DeclarationValidationTests {

	@Test
	void aValidDeclarationHasNoProblems() {
		PlatformDeclaration declaration = PlatformDeclaration.parse("""
				services:
				  a-service:
				    description: the first
				    http-port: 8081
				    management-port: 8181
				""");
		assertThat(declaration.services()).extracting(ServiceDeclaration::name).containsExactly("a-service");
	}

	@Test
	void aNameThatIsNotALowerCaseArtifactId() {
		assertThat(problems("""
				services:
				  Order_Service:
				    description: d
				    http-port: 8081
				    management-port: 8181
				  order--service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				""")).containsExactly(
				"service 'Order_Service': not a valid name: lower-case letters and digits, words joined by single"
						+ " hyphens, starting with a letter ([a-z][a-z0-9]*(-[a-z0-9]+)*)",
				"service 'order--service': not a valid name: lower-case letters and digits, words joined by single"
						+ " hyphens, starting with a letter ([a-z][a-z0-9]*(-[a-z0-9]+)*)");
	}

	@Test
	void aPortUsedTwiceNamesBothOwners() {
		assertThat(problems("""
				services:
				  customer-service:
				    description: d
				    http-port: 8081
				    management-port: 8181
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8081
				""")).containsExactly(
				"port 8081 is used more than once: customer-service http-port and order-service management-port");
	}

	@Test
	void aServicePortTakenByInfrastructure() {
		assertThat(problems("""
				services:
				  customer-service:
				    description: d
				    http-port: 8081
				    management-port: 8181
				    grpc-port: 9093
				infrastructure:
				  kafka:
				    description: broker
				    port: 9092
				    controller-port: 9093
				""")).containsExactly(
				"port 9093 is used more than once: customer-service grpc-port and kafka controller-port");
	}

	@Test
	void aCallToAnUndeclaredService() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    calls: [inventory-service]
				""")).containsExactly("service order-service calls 'inventory-service', which is not a declared service");
	}

	@Test
	void aCycleIsNamedAsAPath() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    calls: [customer-service]
				  customer-service:
				    description: d
				    http-port: 8081
				    management-port: 8181
				    calls: [order-service]
				""")).containsExactly("calls form a cycle: order-service -> customer-service -> order-service"
				+ " (the services' calls must form a DAG; break it with an event or by moving the logic)");
	}

	@Test
	void aLongerCycleBehindAnAcyclicPartAndASelfCall() {
		assertThat(problems("""
				services:
				  gateway:
				    description: d
				    http-port: 8080
				    management-port: 8180
				    calls: [a]
				  a:
				    description: d
				    http-port: 8081
				    management-port: 8181
				    calls: [b]
				  b:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    calls: [c]
				  c:
				    description: d
				    http-port: 8083
				    management-port: 8183
				    calls: [a, c]
				""")).containsExactly(
				"calls form a cycle: a -> b -> c -> a (the services' calls must form a DAG; break it with an event or by moving the logic)",
				"calls form a cycle: c -> c (the services' calls must form a DAG; break it with an event or by moving the logic)");
	}

	@Test
	void missingRequiredPortsAndDescription() {
		assertThat(problems("""
				services:
				  order-service:
				    http-port: 8082
				""")).containsExactly("service order-service: description is missing",
				"service order-service: management-port is missing");
	}

	@Test
	void aPortThatIsNotAPortNumber() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: "8082"
				    management-port: 70000
				""")).containsExactly("service order-service: http-port must be a port number (1-65535), not '8082'",
				"service order-service: management-port must be a port number (1-65535), not '70000'");
	}

	@Test
	void aServiceDeclaredTwice() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				  order-service:
				    description: d
				    http-port: 8083
				    management-port: 8183
				""")).singleElement().asString().startsWith("not valid YAML: ").contains("found duplicate key order-service");
	}

	@Test
	void routesArePublicPrefixesOwnedOnceWithValidScopesAndRoutedByTheGateway() {
		assertThat(problems("""
				services:
				  gateway:
				    description: d
				    http-port: 8080
				    management-port: 8180
				    calls: [order-service]
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    route:
				      paths: [/api/orders, /orders/, /api/orders/archive]
				      timeout-ms: 8000
				      read-scope: orders.read
				      write-scope: Orders Write
				  billing-service:
				    description: d
				    http-port: 8084
				    management-port: 8184
				    route:
				      paths: [/api/orders]
				      timeout-ms: 0s
				      read-scope: billing.read
				""")).containsExactly(
				"service billing-service, route: timeout-ms must be a positive number of milliseconds, not '0s'",
				"service order-service, route: path '/orders/' is not a public API prefix (" + DeclarationRules.ROUTE_PATH.pattern()
						+ ", e.g. /api/widgets)",
				"service order-service, route: scope 'Orders Write' is not a valid scope (" + DeclarationRules.SCOPE.pattern() + ")",
				"service billing-service, route: path /api/orders is routed to order-service already",
				"service billing-service, route: the gateway routes to it, so gateway's calls must list billing-service",
				"route path /api/orders/archive (order-service) is inside /api/orders (order-service): the first route would take it");
	}

	@Test
	void aRouteNeedsPathsAndAReadScope() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    route:
				      timeout-ms: 8000
				      write-scope: orders.write
				""")).containsExactly(
				"service order-service, route: paths is missing: list the path prefixes it serves, e.g. [/api/widgets]",
				"service order-service, route: read-scope is missing");
	}

	@Test
	void anUnknownKeyIsAMistypedOne() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http_port: 8082
				    http-port: 8082
				    management-port: 8182
				""")).containsExactly("service order-service: unknown key 'http_port' (known: calls, consumes, database,"
				+ " description, grpc-port, http-port, management-port, publishes, route)");
	}

	@Test
	void callsWrittenAsOneNameInsteadOfAList() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    calls: customer-service
				""")).containsExactly(
				"service order-service: calls must be a list, e.g. [customer-service], not 'customer-service'");
	}

	@Test
	void aDatabaseOwnedByTwoServices() {
		assertThat(problems("""
				services:
				  order-service:
				    description: d
				    http-port: 8082
				    management-port: 8182
				    database: shared
				  billing-service:
				    description: d
				    http-port: 8084
				    management-port: 8184
				    database: shared
				""")).containsExactly(
				"database shared is declared by both order-service and billing-service: each service owns its database");
	}

	@Test
	void aNameUsedForAServiceAndForInfrastructure() {
		assertThat(problems("""
				services:
				  kafka:
				    description: d
				    http-port: 8082
				    management-port: 8182
				infrastructure:
				  kafka:
				    description: broker
				    port: 9092
				""")).containsExactly("'kafka' is declared both as a service and as infrastructure");
	}

	@Test
	void noServices() {
		assertThat(problems("infrastructure: {}\n"))
			.containsExactly("'services' is missing or empty: declare at least one service");
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		assertThat(problems("""
				services:
				  Gateway:
				    description: d
				    http-port: 8080
				    management-port: 8080
				    calls: [nowhere]
				""")).hasSize(3);
	}

	@Test
	void aMissingFileIsAProblemToo() {
		assertThatExceptionOfType(InvalidDeclarationException.class)
			.isThrownBy(() -> PlatformDeclaration.read(Path.of("no-such-platform.yaml")))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.asString()
				.startsWith("cannot read no-such-platform.yaml"));
	}

	private static List<String> problems(String yaml) {
		try {
			PlatformDeclaration.parse(yaml);
		}
		catch (InvalidDeclarationException ex) {
			return ex.problems();
		}
		throw new AssertionError("expected problems, but this declaration is valid:\n" + yaml);
	}

}
