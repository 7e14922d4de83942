package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Services share contracts, not code": the root pom's enforcer rule must fail the build of a
 * service that depends on another service's module. Proven by running Maven on a throwaway
 * service module, once with a forbidden dependency and once with an allowed one; and every real
 * service must have the rule switched on.
 */
class ServiceIsolationRuleTests {

	private static final Path ROOT = Path.of(System.getProperty("platform.repository.root", ".."))
		.toAbsolutePath()
		.normalize();

	@Test
	void everyServiceModuleHasTheIsolationRuleSwitchedOn() throws IOException {
		List<String> services = deployableModules();
		assertThat(services).as("deployable modules found in the root pom").contains("gateway", "auth-server");
		for (String service : services) {
			String pom = Files.readString(ROOT.resolve(service).resolve("pom.xml"));
			assertThat(pom).as(service + "/pom.xml switches the service-isolation rule on")
				.contains("<platform.service-isolation.skip>false</platform.service-isolation.skip>");
		}
	}

	@Test
	void aServiceDependingOnAnotherServiceFailsTheBuildNamingTheDependency() throws Exception {
		MavenRun run = validate("order-service");

		assertThat(run.exitCode()).as(run.output()).isNotZero();
		assertThat(run.output()).contains("service-isolation")
			.contains("com.example.platform:order-service")
			.contains("never on another service's module");
	}

	@Test
	void aServiceDependingOnContractsBuilds() throws Exception {
		MavenRun run = validate("contracts");

		assertThat(run.exitCode()).as(run.output()).isZero();
	}

	/**
	 * Every service of the platform: those declared in platform.yaml (whose own check, platform-cli's, fails when a
	 * module with a Spring Boot jar and an application.yaml is not declared), so a new service cannot be forgotten here.
	 */
	private static List<String> deployableModules() {
		return DeclaredServices.names(ROOT);
	}

	/** Runs `mvnw validate` (offline) on a new service module that depends on {@code dependency}. */
	private static MavenRun validate(String dependency) throws Exception {
		Path module = Files.createTempDirectory(ROOT.resolve("e2e-tests/target"), "isolation-");
		Files.writeString(module.resolve("pom.xml"), """
				<project xmlns="http://maven.apache.org/POM/4.0.0">
				  <modelVersion>4.0.0</modelVersion>
				  <parent>
				    <groupId>com.example.platform</groupId>
				    <artifactId>platform-parent</artifactId>
				    <version>0.1.0-SNAPSHOT</version>
				    <relativePath>%s</relativePath>
				  </parent>
				  <artifactId>inventory-service</artifactId>
				  <properties>
				    <platform.service-isolation.skip>false</platform.service-isolation.skip>
				  </properties>
				  <dependencies>
				    <!-- system scope: the rule sees the coordinates without the artifact having to be installed -->
				    <dependency>
				      <groupId>com.example.platform</groupId>
				      <artifactId>%s</artifactId>
				      <version>0.1.0-SNAPSHOT</version>
				      <scope>system</scope>
				      <systemPath>${project.basedir}/pom.xml</systemPath>
				    </dependency>
				  </dependencies>
				</project>
				""".formatted(parentRelativePath(module), dependency));
		Path output = module.resolve("build.log");
		Process maven = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-o", "-q", "-B", "validate")
			.directory(module.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!maven.waitFor(120, TimeUnit.SECONDS)) {
			maven.destroyForcibly();
			throw new AssertionError("Maven did not finish in 120 s; see " + output);
		}
		try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
			return new MavenRun(maven.exitValue(), String.join("\n", lines.toList()));
		}
	}

	/**
	 * Maven resolves {@code <relativePath>} against the module's own folder: an absolute path there silently falls back
	 * to the local repository, which holds the parent only after an earlier {@code install}.
	 */
	private static String parentRelativePath(Path module) {
		return module.relativize(ROOT.resolve("pom.xml")).toString();
	}

	record MavenRun(int exitCode, String output) {
	}

}
