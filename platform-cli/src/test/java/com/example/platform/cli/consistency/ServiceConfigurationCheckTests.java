package com.example.platform.cli.consistency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.example.platform.cli.declaration.PlatformDeclaration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceConfigurationCheckTests {

	private static final String BOOT_POM = "<project><build><plugins><plugin>"
			+ "<artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>";

	private static final String ORDER_SERVICE_DECLARATION = """
			services:
			  order-service:
			    description: orders
			    http-port: 8082
			    management-port: 8182
			    database: order_service
			    calls: [customer-service]
			  customer-service:
			    description: customers
			    http-port: 8081
			    management-port: 8181
			    grpc-port: 9081
			""";

	private static final String ORDER_SERVICE_YAML = """
			spring:
			  application:
			    name: order-service
			  datasource:
			    url: ${DB_URL:jdbc:postgresql://127.0.0.1:5432/order_service}
			server:
			  port: ${HTTP_PORT:8082}
			management.server.port: ${MANAGEMENT_PORT:8182}
			""";

	private static final String CUSTOMER_SERVICE_YAML = """
			spring:
			  application:
			    name: customer-service
			  grpc:
			    server:
			      port: ${GRPC_PORT:9081}
			server:
			  port: ${HTTP_PORT:8081}
			management:
			  server:
			    port: ${MANAGEMENT_PORT:8181}
			""";

	@TempDir
	Path repository;

	@Test
	void theRepositoryAgreesWithItsDeclaration() {
		Path root = Path.of("..").toAbsolutePath().normalize();
		assertThat(ServiceConfigurationCheck.problems(root, PlatformDeclaration.read(root.resolve("platform.yaml"))))
			.isEmpty();
	}

	@Test
	void servicesThatAgreeHaveNoProblems() throws IOException {
		repository(ORDER_SERVICE_YAML, CUSTOMER_SERVICE_YAML);
		assertThat(check()).isEmpty();
	}

	@Test
	void aDifferentHttpPortDefaultNamesTheFileAndTheKey() throws IOException {
		repository(ORDER_SERVICE_YAML.replace("${HTTP_PORT:8082}", "${HTTP_PORT:8085}"), CUSTOMER_SERVICE_YAML);
		assertThat(check()).containsExactly("order-service/src/main/resources/application.yaml: server.port is"
				+ " '${HTTP_PORT:8085}' but platform.yaml declares http-port 8082 (expected ${HTTP_PORT:8082})");
	}

	@Test
	void aPortReadFromAnotherVariableIsADisagreementToo() throws IOException {
		repository(ORDER_SERVICE_YAML.replace("${MANAGEMENT_PORT:8182}", "${ACTUATOR_PORT:8182}"), CUSTOMER_SERVICE_YAML);
		assertThat(check()).containsExactly("order-service/src/main/resources/application.yaml: management.server.port"
				+ " is '${ACTUATOR_PORT:8182}' but platform.yaml declares management-port 8182"
				+ " (expected ${MANAGEMENT_PORT:8182})");
	}

	@Test
	void aMissingOrUndeclaredGrpcPort() throws IOException {
		repository(ORDER_SERVICE_YAML + "spring.grpc.server.port: ${GRPC_PORT:9082}\n",
				CUSTOMER_SERVICE_YAML.replace("      port: ${GRPC_PORT:9081}\n", "      shutdown-grace-period: 5s\n"));
		assertThat(check()).containsExactly(
				"order-service/src/main/resources/application.yaml: spring.grpc.server.port is '${GRPC_PORT:9082}'"
						+ " but platform.yaml declares no grpc-port for this service",
				"customer-service/src/main/resources/application.yaml: spring.grpc.server.port is missing;"
						+ " platform.yaml declares grpc-port 9081 (expected ${GRPC_PORT:9081})");
	}

	@Test
	void anotherDatabaseOrAnUndeclaredOne() throws IOException {
		repository(ORDER_SERVICE_YAML.replace("5432/order_service", "5432/orders"),
				CUSTOMER_SERVICE_YAML + "spring.datasource.url: jdbc:postgresql://db:5432/customer_service?ssl=true\n");
		assertThat(check()).containsExactly(
				"order-service/src/main/resources/application.yaml: spring.datasource.url is"
						+ " '${DB_URL:jdbc:postgresql://127.0.0.1:5432/orders}' (database orders) but platform.yaml"
						+ " declares database order_service",
				"customer-service/src/main/resources/application.yaml: spring.datasource.url is"
						+ " 'jdbc:postgresql://db:5432/customer_service?ssl=true' but platform.yaml declares no database"
						+ " for this service");
	}

	@Test
	void anApplicationNameThatIsNotTheServiceName() throws IOException {
		repository(ORDER_SERVICE_YAML.replace("name: order-service", "name: orders"), CUSTOMER_SERVICE_YAML);
		assertThat(check()).containsExactly("order-service/src/main/resources/application.yaml:"
				+ " spring.application.name is 'orders', expected 'order-service' (the directory and declared name)");
	}

	@Test
	void aDeclaredServiceWithoutModule() throws IOException {
		repository(ORDER_SERVICE_YAML, CUSTOMER_SERVICE_YAML);
		Files.writeString(this.repository.resolve("platform.yaml"), ORDER_SERVICE_DECLARATION + """
				  inventory-service:
				    description: stock
				    http-port: 8084
				    management-port: 8184
				""");
		assertThat(check()).containsExactly(
				"pom.xml: <module>inventory-service</module> is missing (declared in platform.yaml)",
				"inventory-service/: no such module directory (declared in platform.yaml)");
	}

	@Test
	void aServiceModuleThatIsNotDeclared() throws IOException {
		repository(ORDER_SERVICE_YAML, CUSTOMER_SERVICE_YAML);
		module("inventory-service", "spring.application.name: inventory-service\n");
		assertThat(check()).containsExactly("inventory-service/: has an src/main/resources/application.yaml and a"
				+ " spring-boot-maven-plugin, so it runs as a service, but platform.yaml does not declare it");
	}

	@Test
	void aLibraryModuleWithoutApplicationYamlIsNoService() throws IOException {
		repository(ORDER_SERVICE_YAML, CUSTOMER_SERVICE_YAML);
		Files.createDirectories(this.repository.resolve("platform-test"));
		Files.writeString(this.repository.resolve("platform-test/pom.xml"), "<project/>");
		assertThat(check()).isEmpty();
	}

	private List<String> check() {
		return ServiceConfigurationCheck.problems(this.repository,
				PlatformDeclaration.read(this.repository.resolve("platform.yaml")));
	}

	private void repository(String orderServiceYaml, String customerServiceYaml) throws IOException {
		Files.writeString(this.repository.resolve("platform.yaml"), ORDER_SERVICE_DECLARATION);
		Files.writeString(this.repository.resolve("pom.xml"),
				"<project><modules><module>order-service</module><module>customer-service</module></modules></project>");
		module("order-service", orderServiceYaml);
		module("customer-service", customerServiceYaml);
	}

	private void module(String name, String applicationYaml) throws IOException {
		Path resources = Files.createDirectories(this.repository.resolve(name).resolve("src/main/resources"));
		Files.writeString(resources.resolve("application.yaml"), applicationYaml);
		Files.writeString(this.repository.resolve(name).resolve("pom.xml"), BOOT_POM);
	}

}
