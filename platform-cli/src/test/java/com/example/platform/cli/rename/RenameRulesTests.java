package com.example.platform.cli.rename;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.example.platform.cli.rename.RenameRules.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class RenameRulesTests {

	private static final String OLD = "net.sample.app";

	/** Different groupId and package, so each test shows which rule applied. */
	private final RenameRules rules = new RenameRules(OLD, "org.acme", OLD, "org.acme.shop",
			"registry.sample.net/app", "ghcr.io/acme");

	@Test
	void pomsGetTheGroupIdWhereTheyNameAGroupAndThePackageWhereTheyNameAClass() {
		String pom = """
				<parent>
				  <groupId>net.sample.app</groupId>
				  <artifactId>platform-parent</artifactId>
				</parent>
				<dependency><groupId> net.sample.app </groupId><artifactId>contracts</artifactId></dependency>
				<exclude>net.sample.app:*-service</exclude>
				<exclude>net.sample.app:gateway</exclude>
				<mainClass>net.sample.app.cli.PlatformCli</mainClass>
				<groupId>org.springframework.boot</groupId>
				""";
		RenameRules.Rewrite rewrite = this.rules.rewrite(pom);
		assertThat(rewrite.text()).isEqualTo("""
				<parent>
				  <groupId>org.acme</groupId>
				  <artifactId>platform-parent</artifactId>
				</parent>
				<dependency><groupId> org.acme </groupId><artifactId>contracts</artifactId></dependency>
				<exclude>org.acme:*-service</exclude>
				<exclude>org.acme:gateway</exclude>
				<mainClass>org.acme.shop.cli.PlatformCli</mainClass>
				<groupId>org.springframework.boot</groupId>
				""");
		assertThat(rewrite.counts()).isEqualTo(Map.of(Kind.GROUP_ID, 4, Kind.PACKAGE, 1));
	}

	@Test
	void javaSourcesGetThePackageInDeclarationsImportsAndQualifiedNames() {
		String java = """
				package net.sample.app.order.outbox;

				import net.sample.app.contracts.order.events.v1.OrderPlaced;
				import static net.sample.app.order.Orders.place;

				@ComponentScan("net.sample.app.order")
				class Relay {
					String coordinates = "net.sample.app:order-service";
					String topic = "platform.order.events.v1";
					String key = "platform.order.outbox.topic";
					String other = "net.sample.apper.x";
				}
				""";
		assertThat(this.rules.rewrite(java).text()).isEqualTo("""
				package org.acme.shop.order.outbox;

				import org.acme.shop.contracts.order.events.v1.OrderPlaced;
				import static org.acme.shop.order.Orders.place;

				@ComponentScan("org.acme.shop.order")
				class Relay {
					String coordinates = "org.acme:order-service";
					String topic = "platform.order.events.v1";
					String key = "platform.order.outbox.topic";
					String other = "net.sample.apper.x";
				}
				""");
	}

	@Test
	void protosGetTheirJavaPackageAndKeepTheirWirePackage() {
		String proto = """
				package platform.customer.v1;

				option java_multiple_files = true;
				option java_package = "net.sample.app.contracts.customer.v1";
				""";
		assertThat(this.rules.rewrite(proto).text()).isEqualTo("""
				package platform.customer.v1;

				option java_multiple_files = true;
				option java_package = "org.acme.shop.contracts.customer.v1";
				""");
	}

	@Test
	void resourcesGetThePackageAndKeepTheirPlatformKeys() {
		String resources = """
				net.sample.app.starter.observability.PlatformObservationAutoConfiguration
				org.springframework.boot.env.EnvironmentPostProcessor=net.sample.app.test.PlatformTestInfrastructure
				logging.level.net.sample.app.gateway=DEBUG
				logging:
				  level:
				    net.sample.app.order: INFO
				platform:
				  service:
				    calls: [customer-service]
				spring.cloud.circuitbreaker.resilience4j.ignore-exceptions:
				  - net.sample.app.gateway.resilience.CallerBudgetExceededException
				<logger name="net.sample.app" level="INFO"/>
				""";
		assertThat(this.rules.rewrite(resources).text()).isEqualTo("""
				org.acme.shop.starter.observability.PlatformObservationAutoConfiguration
				org.springframework.boot.env.EnvironmentPostProcessor=org.acme.shop.test.PlatformTestInfrastructure
				logging.level.org.acme.shop.gateway=DEBUG
				logging:
				  level:
				    org.acme.shop.order: INFO
				platform:
				  service:
				    calls: [customer-service]
				spring.cloud.circuitbreaker.resilience4j.ignore-exceptions:
				  - org.acme.shop.gateway.resilience.CallerBudgetExceededException
				<logger name="org.acme.shop" level="INFO"/>
				""");
	}

	@Test
	void docsGetTheGroupIdWhereTheySayGroupIdThePackageAndItsPathElsewhere() {
		String markdown = """
				it removes this project's own artifacts (groupId `net.sample.app`) from ~/.m2
				mvn dependency:get -DgroupId=net.sample.app -DartifactId=platform-bom
				Packages: `net.sample.app.<name>`, the starter's `net.sample.app.starter.{resilience,kafka}`.
				See `e2e-tests/src/test/java/net/sample/app/e2e/deployment/DockerComposeTests.java`.
				Topic `platform.order.events.v1`, service `platform.customer.v1.CustomerService`.
				""";
		RenameRules.Rewrite rewrite = this.rules.rewrite(markdown);
		assertThat(rewrite.text()).isEqualTo("""
				it removes this project's own artifacts (groupId `org.acme`) from ~/.m2
				mvn dependency:get -DgroupId=org.acme -DartifactId=platform-bom
				Packages: `org.acme.shop.<name>`, the starter's `org.acme.shop.starter.{resilience,kafka}`.
				See `e2e-tests/src/test/java/org/acme/shop/e2e/deployment/DockerComposeTests.java`.
				Topic `platform.order.events.v1`, service `platform.customer.v1.CustomerService`.
				""");
		assertThat(rewrite.counts())
			.isEqualTo(Map.of(Kind.GROUP_ID, 2, Kind.PACKAGE, 2, Kind.PACKAGE_PATH, 1));
	}

	@Test
	void theImageRegistryPrefixChangesAndTheImageNamesStay() {
		String kustomization = """
				# kustomize edit set image customer-service=registry.sample.net/app/customer-service:1.2.3
				images:
				  - name: customer-service
				    newName: registry.sample.net/app/customer-service
				    newTag: 0.1.0
				other: my.registry.sample.net/app/gateway
				""";
		assertThat(this.rules.rewrite(kustomization).text()).isEqualTo("""
				# kustomize edit set image customer-service=ghcr.io/acme/customer-service:1.2.3
				images:
				  - name: customer-service
				    newName: ghcr.io/acme/customer-service
				    newTag: 0.1.0
				other: my.registry.sample.net/app/gateway
				""");
	}

	@Test
	void aNewNameThatContainsTheOldOneIsNotRenamedTwice() {
		RenameRules nested = new RenameRules(OLD, OLD + ".shop", OLD, OLD + ".shop", null, null);
		assertThat(nested.rewrite("<groupId>net.sample.app</groupId> import net.sample.app.order.X; "
				+ "net/sample/app/order").text())
			.isEqualTo("<groupId>net.sample.app.shop</groupId> import net.sample.app.shop.order.X; "
					+ "net/sample/app/shop/order");
	}

	@Test
	void aTextWithoutTheOldNamesIsUnchanged() {
		RenameRules.Rewrite rewrite = this.rules.rewrite("spring:\n  application:\n    name: order-service\n");
		assertThat(rewrite.changed()).isFalse();
		assertThat(rewrite.text()).isEqualTo("spring:\n  application:\n    name: order-service\n");
	}

	@Test
	void sourcesMoveFromTheOldPackagesDirectoriesToTheNewOnes() {
		assertThat(this.rules.movedPath("order-service/src/main/java/net/sample/app/order/Order.java"))
			.contains("order-service/src/main/java/org/acme/shop/order/Order.java");
		assertThat(this.rules.movedPath("platform-test/src/test/java/net/sample/app/test/X.java"))
			.contains("platform-test/src/test/java/org/acme/shop/test/X.java");
		assertThat(this.rules.movedPath("gateway/src/test/resources/net/sample/app/gateway/routes.json"))
			.contains("gateway/src/test/resources/org/acme/shop/gateway/routes.json");
		assertThat(this.rules.movedPath("src/main/java/net/sample/app/Root.java"))
			.contains("src/main/java/org/acme/shop/Root.java");
	}

	@Test
	void filesOutsideTheSourceRootsOrTheOldPackageStay() {
		assertThat(this.rules.movedPath("order-service/src/main/resources/application.yaml")).isEmpty();
		assertThat(this.rules.movedPath("order-service/src/main/java/net/sample/apper/X.java")).isEmpty();
		assertThat(this.rules.movedPath("contracts/src/main/proto/platform/order/events/v1/order_events.proto"))
			.isEmpty();
		assertThat(this.rules.movedPath("docs/net/sample/app/notes.md")).isEmpty();
	}

}
