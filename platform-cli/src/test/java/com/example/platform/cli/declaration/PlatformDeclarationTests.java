package com.example.platform.cli.declaration;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The repository's own platform.yaml (tests run in platform-cli/, so the repository root is ..): its sample services.
 * Services a user adds (./platform new-service) are left out of the lists, so adding one keeps these tests green.
 */
class PlatformDeclarationTests {

	static final Path REPOSITORY_DECLARATION = Path.of("..", "platform.yaml");

	static final List<String> SAMPLE_SERVICES = List.of("auth-server", "customer-service", "order-service",
			"notification-service", "gateway");

	private final PlatformDeclaration declaration = PlatformDeclaration.read(REPOSITORY_DECLARATION);

	@Test
	void declaresTheFiveServicesWithTheirPorts() {
		assertThat(samples(this.declaration.services()))
			.extracting(ServiceDeclaration::name, ServiceDeclaration::httpPort, ServiceDeclaration::managementPort)
			.containsExactly(
					tuple("auth-server", 9000, 9100),
					tuple("customer-service", 8081, 8181),
					tuple("order-service", 8082, 8182),
					tuple("notification-service", 8083, 8183),
					tuple("gateway", 8080, 8180));
	}

	@Test
	void onlyCustomerServiceServesGrpc() {
		assertThat(service("customer-service").grpcPort()).isEqualTo(OptionalInt.of(9081));
		assertThat(samples(this.declaration.services())).filteredOn((service) -> service.grpcPort().isPresent())
			.extracting(ServiceDeclaration::name)
			.containsExactly("customer-service");
	}

	@Test
	void theIssuerAndTheGatewayHaveNoDatabase() {
		assertThat(service("auth-server").database()).isEmpty();
		assertThat(service("gateway").database()).isEmpty();
		assertThat(service("customer-service").database()).contains("customer_service");
		assertThat(service("order-service").database()).contains("order_service");
		assertThat(service("notification-service").database()).contains("notification_service");
	}

	@Test
	void orderEventsArePublishedByOrderServiceAndConsumedByTwoServices() {
		assertThat(service("order-service").publishes()).containsExactly("platform.order.events.v1");
		assertThat(service("customer-service").consumes()).containsExactly("platform.order.events.v1");
		assertThat(service("notification-service").consumes()).containsExactly("platform.order.events.v1");
		assertThat(samples(this.declaration.services())).filteredOn(ServiceDeclaration::usesKafka)
			.extracting(ServiceDeclaration::name)
			.containsExactly("customer-service", "order-service", "notification-service");
	}

	@Test
	void callsAreTheSynchronousDependencyGraph() {
		assertThat(service("auth-server").calls()).isEmpty();
		assertThat(service("order-service").calls()).containsExactly("customer-service", "auth-server");
		assertThat(service("gateway").calls())
			.contains("customer-service", "order-service", "notification-service", "auth-server");
	}

	@Test
	void startsInTodaysOrder() {
		assertThat(samples(this.declaration.startOrder())).extracting(ServiceDeclaration::name)
			.containsExactly("auth-server", "customer-service", "order-service", "notification-service", "gateway");
	}

	@Test
	void kafkaAndZipkinAreStartedByThePlatformAndTheDatabasesAreExternal() {
		assertThat(this.declaration.infrastructure())
			.extracting(InfrastructureComponent::name, InfrastructureComponent::port, InfrastructureComponent::external)
			.containsExactly(tuple("kafka", 9092, false),
					tuple("zipkin", 9411, false),
					tuple("postgres", 5432, true),
					tuple("redis", 6379, true));
		assertThat(this.declaration.infrastructure().get(0).controllerPort()).isEqualTo(OptionalInt.of(9093));
	}

	@Test
	void everyServiceHasADescription() {
		assertThat(this.declaration.services()).extracting(ServiceDeclaration::description)
			.allSatisfy((description) -> assertThat(description).isNotBlank().doesNotContain("\n"));
	}

	private static List<ServiceDeclaration> samples(List<ServiceDeclaration> services) {
		return services.stream().filter((service) -> SAMPLE_SERVICES.contains(service.name())).toList();
	}

	private ServiceDeclaration service(String name) {
		return this.declaration.service(name).orElseThrow();
	}

}
