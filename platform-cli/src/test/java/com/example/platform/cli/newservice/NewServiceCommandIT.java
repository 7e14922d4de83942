package com.example.platform.cli.newservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command end to end, on a throwaway copy of this repository: {@code new-service inventory-service} with a
 * database, a consumer, a REST call and a public route, then in the copy the new module's own tests (slice and
 * integration tests on the real PostgreSQL and an embedded Kafka broker, its upstream modules built in the copy's
 * reactor, never taken from ~/.m2), platform-cli's checks (platform.yaml against every application.yaml) and the e2e
 * module's static deployment checks (compose, Kubernetes manifests and network policies, the DAG, the scrape targets)
 * with the new service present. Needs nothing but the JDK running it and the local PostgreSQL the other ITs use.
 */
class NewServiceCommandIT {

	/** The base package (com.example.platform until ./platform rename changes it): surefire's report names start with it. */
	private static final String BASE = NewServiceCommandIT.class.getPackageName().replaceFirst("\\.cli\\.newservice$", "");

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	/** Not copied: build output and local state. */
	private static final Set<String> LEFT_OUT = Set.of("target", ".git", ".platform", "node_modules");

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

	@Test
	void aGeneratedServiceBuildsPassesItsTestsAndTheDeploymentChecks() throws Exception {
		long started = System.nanoTime();
		Path copy = Files.createTempDirectory("new-service-it-");
		boolean passed = false;
		try {
			copyRepository(copy);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int status = NewServiceCommand.run(List.of(copy.resolve("platform.yaml").toString(), "inventory-service",
					"--description", "stock per product", "--consumes", "platform.order.events.v1", "--calls",
					"customer-service", "--route", "/api/inventory", "--scope", "inventory"),
					new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
			assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
			assertThat(copy.resolve("inventory-service/pom.xml")).exists();

			// One reactor build of the copy (its upstream modules built there, never taken from ~/.m2), running: the new
			// module's own tests (slice and integration tests on PostgreSQL and an embedded Kafka broker); platform-cli's
			// tests (./platform check: platform.yaml against every application.yaml, and the tests that read the
			// repository's platform.yaml); the static deployment checks of e2e-tests (compose, Kubernetes manifests and
			// network policies, the DAG, the scrape targets). No other IT: not this one again, no platform started.
			// The upstream modules' own tests are not run again here: this repository's build runs them.
			maven(copy, "the new module's tests, platform-cli's and the deployment checks", "-pl",
					"inventory-service,platform-cli,e2e-tests", "-am", "verify",
					"-Dtest=" + BASE + ".inventory.**.*Tests," + BASE + ".cli.**.*Tests,DockerComposeTests,"
							+ "KubernetesManifestsTests,ServiceDependencyGraphTests,ObservabilityProvisioningTests",
					"-Dit.test=" + BASE + ".inventory.**.*IT", "-Dsurefire.failIfNoSpecifiedTests=false",
					"-Dfailsafe.failIfNoSpecifiedTests=false");
			assertThat(reports(copy.resolve("inventory-service/target/surefire-reports")))
				.contains("TEST-" + BASE + ".inventory.items.ItemControllerTests.xml");
			assertThat(reports(copy.resolve("inventory-service/target/failsafe-reports")))
				.contains("TEST-" + BASE + ".inventory.ItemsIT.xml",
						"TEST-" + BASE + ".inventory.OrderEventsListenerIT.xml");
			assertThat(reports(copy.resolve("platform-cli/target/surefire-reports"))).contains(
					"TEST-" + BASE + ".cli.consistency.ServiceConfigurationCheckTests.xml",
					"TEST-" + BASE + ".cli.PlatformCliTests.xml");
			assertThat(reports(copy.resolve("platform-cli/target/failsafe-reports")))
				.noneMatch((report) -> report.contains("NewServiceCommandIT"));
			assertThat(reports(copy.resolve("e2e-tests/target/surefire-reports"))).contains(
					"TEST-" + BASE + ".e2e.deployment.DockerComposeTests.xml",
					"TEST-" + BASE + ".e2e.deployment.KubernetesManifestsTests.xml",
					"TEST-" + BASE + ".e2e.deployment.ServiceDependencyGraphTests.xml",
					"TEST-" + BASE + ".e2e.deployment.ObservabilityProvisioningTests.xml");
			passed = true;
		}
		finally {
			System.out.printf("NewServiceCommandIT: %d s in %s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds(),
					passed ? "a copy, removed" : copy + " (kept for a look)");
			if (passed) {
				delete(copy);
			}
		}
	}

	/** The files git tracks (and new ones it does not ignore); a plain copy without build output where git is absent. */
	private static void copyRepository(Path copy) throws IOException, InterruptedException {
		List<String> files = gitFiles();
		if (files != null) {
			for (String file : files) {
				Path source = REPOSITORY.resolve(file);
				if (Files.isRegularFile(source)) {
					Path target = copy.resolve(file);
					Files.createDirectories(target.getParent());
					Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
			return;
		}
		Files.walkFileTree(REPOSITORY, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
				if (LEFT_OUT.contains(dir.getFileName().toString()) && !dir.equals(REPOSITORY)) {
					return FileVisitResult.SKIP_SUBTREE;
				}
				Files.createDirectories(copy.resolve(REPOSITORY.relativize(dir)));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.copy(file, copy.resolve(REPOSITORY.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/** null when git or the repository's .git is not there. */
	private static List<String> gitFiles() throws InterruptedException {
		try {
			Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
				.directory(REPOSITORY.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
				return null;
			}
			List<String> files = new ArrayList<>();
			for (String file : output.split("\0")) {
				if (!file.isEmpty()) {
					files.add(file);
				}
			}
			return files;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void maven(Path copy, String what, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("./mvnw", "-q", "-B"));
		command.addAll(List.of(args));
		Path log = Files.createTempFile(copy, "maven-", ".log");
		long started = System.nanoTime();
		Process maven = new ProcessBuilder(command).directory(copy.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!maven.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			maven.descendants().forEach(ProcessHandle::destroyForcibly);
			maven.destroyForcibly();
		}
		System.out.printf("NewServiceCommandIT: %s (%s) took %d s%n", what, String.join(" ", command),
				Duration.ofNanos(System.nanoTime() - started).toSeconds());
		assertThat(maven.isAlive() ? -1 : maven.exitValue())
			.as("%s in the copy: %s failed (exit status), log %s:%n%s", what, String.join(" ", command), log, tail(log))
			.isZero();
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
			.filter((line) -> !line.startsWith("\tat ") && !line.isBlank())
			.toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	private static List<String> reports(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	private static void delete(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

}
