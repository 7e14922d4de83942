package com.example.platform.cli.rename;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rename of the whole repository, built: a copy of the files git tracks (with the working tree's content) is
 * renamed to another groupId, package and image prefix, searched for the old names, then compiled from scratch by its
 * own reactor ({@code ./mvnw -q -DskipTests package}: every module, no artifact of this project from the local Maven
 * repository) and customer-service's unit tests are run ({@code -pl customer-service -am test} limited to its own
 * package: its slice tests load the starters' auto-configurations through the renamed {@code .imports} and
 * {@code spring.factories} files). About a minute and a half; it prints its timings.
 * <p>
 * A failsafe test of platform-cli rather than an e2e test: it tests this module's code and needs no running
 * infrastructure, and {@code ./mvnw -pl platform-cli -am verify} runs it.
 */
class RenameRepositoryIT {

	/** The root of the repository: tests run in the module's directory. */
	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/**
	 * Files of the renamed copy allowed to name the old group, package or image prefix, with the reason. None today:
	 * the protos' wire packages (platform.customer.v1, platform.order.events.v1), the Kafka topics and the
	 * platform.* configuration keys never contained com.example, and the rename's own tests use fixture names of
	 * their own (net.sample.app) so that a renamed repository still passes them.
	 */
	private static final Map<String, String> OLD_NAMES_ALLOWED = Map.of();

	@TempDir
	Path copy;

	@Test
	void aRenamedCopyOfTheRepositoryHasNoOldNameLeftAndBuilds() throws Exception {
		requireGit();
		long started = System.nanoTime();
		copyTrackedFiles();
		run(Duration.ofMinutes(1), this.copy, "git", "init", "-q");
		run(Duration.ofMinutes(1), this.copy, "git", "add", "-A");
		run(Duration.ofMinutes(1), this.copy, "git", "-c", "user.name=rename-test", "-c",
				"user.email=rename-test@localhost", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "template");

		String oldGroupId = RepositoryRename.currentGroupId(this.copy);
		String oldPackage = RepositoryRename.currentPackage(this.copy, GitWorkTree.of(this.copy).files());
		Optional<String> oldImagePrefix = RepositoryRename.currentImagePrefix(this.copy);
		String newName = !oldPackage.equals("org.acme.shop") && !oldGroupId.equals("org.acme.shop") ? "org.acme.shop"
				: "org.acme.store";
		Path newArtifacts = localRepository().resolve(newName.replace('.', '/'));
		assertThat(newArtifacts)
			.as("the local Maven repository must hold nothing of the renamed project, so that the build below can only"
					+ " pass from the copy's own reactor; remove " + newArtifacts)
			.doesNotExist();

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode = RenameCommand.run(new String[] { this.copy.toString(), "--group-id", newName,
				"--image-prefix", "ghcr.io/acme" }, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		String summary = out.toString(StandardCharsets.UTF_8);
		assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
		System.out.println("[rename] " + summary.lines().limit(5).toList());
		assertThat(summary).contains("groupId       " + oldGroupId + " -> " + newName,
				"base package  " + oldPackage + " -> " + newName);
		long renamed = System.nanoTime();

		List<String> leftovers = new ArrayList<>();
		List<String> oldNames = new ArrayList<>(List.of(oldGroupId, oldPackage, oldPackage.replace('.', '/')));
		oldImagePrefix.ifPresent((prefix) -> oldNames.add(prefix + "/"));
		for (String file : GitWorkTree.of(this.copy).files()) {
			Optional<String> text = RepositoryRename.read(this.copy, file);
			for (String old : oldNames) {
				if (text.isPresent() && text.get().contains(old) && !OLD_NAMES_ALLOWED.containsKey(file)) {
					leftovers.add(file + " still names " + old);
				}
			}
		}
		assertThat(leftovers).as("old names left after the rename").isEmpty();
		assertThat(this.copy.resolve("order-service/src/main/java/" + newName.replace('.', '/') + "/order"))
			.isDirectory();
		assertThat(this.copy.resolve("order-service/src/main/java/" + oldPackage.replace('.', '/'))).doesNotExist();

		String build = run(Duration.ofMinutes(20), this.copy, "./mvnw", "-q", "-DskipTests", "package");
		long built = System.nanoTime();
		assertThat(this.copy.resolve("order-service/target/classes/" + newName.replace('.', '/') + "/order"))
			.as(build)
			.isDirectory();

		// customer-service's own unit tests only (its slice tests load the starters' auto-configurations through
		// the renamed .imports files); the starters' own tests run in the main build already
		String tests = run(Duration.ofMinutes(15), this.copy, "./mvnw", "-q", "-pl", "customer-service", "-am", "test",
				"-Dtest=" + newName.replace('.', '/') + "/customer/**/*Tests", "-Dsurefire.failIfNoSpecifiedTests=false");
		long tested = System.nanoTime();
		assertThat(this.copy.resolve("customer-service/target/surefire-reports")).as(tests).isDirectory();
		try (var reports = Files.list(this.copy.resolve("customer-service/target/surefire-reports"))) {
			assertThat(reports.map((report) -> report.getFileName().toString()))
				.as("customer-service's unit tests ran in the renamed copy")
				.anyMatch((name) -> name.startsWith("TEST-" + newName + ".customer."));
		}
		assertThat(newArtifacts).as("nothing of the renamed project was installed").doesNotExist();

		System.out.printf("[rename] copy and rename %d s, ./mvnw -q -DskipTests package %d s, customer-service"
				+ " unit tests %d s%n", seconds(started, renamed), seconds(renamed, built), seconds(built, tested));
	}

	/** Skips when git is missing, except under CI=true, where a missing tool is a failure. */
	private static void requireGit() {
		boolean git;
		try {
			Process process = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			git = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			git = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			git = false;
		}
		String missing = "git is not on the PATH: the rename test copies the files git tracks";
		if (!git && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true: " + missing);
		}
		assumeTrue(git, missing);
	}

	private void copyTrackedFiles() throws Exception {
		String files = run(Duration.ofMinutes(1), ROOT, "git", "ls-files", "-z");
		for (String file : Arrays.stream(files.split("\0")).filter((name) -> !name.isEmpty()).toList()) {
			Path source = ROOT.resolve(file);
			if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
				// Deleted in the working tree and not yet committed: the copy is the working tree
				continue;
			}
			Path target = this.copy.resolve(file);
			Files.createDirectories(target.getParent());
			Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
		}
	}

	private static Path localRepository() {
		String configured = System.getProperty("maven.repo.local");
		return (configured != null) ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".m2", "repository");
	}

	/** Runs a command, its output into a file; fails with the output's end when it fails or takes too long. */
	private static String run(Duration timeout, Path directory, String... command) throws Exception {
		Path log = Files.createTempFile("rename-it-", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			// The JDK running this test is 21+; ./mvnw would find one anyway (.mvn/select-jdk.sh)
			builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
			Process process = builder.start();
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + tail(log));
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				fail(String.join(" ", command) + " in " + directory + " failed (exit status " + process.exitValue()
						+ "):\n" + tail(log));
			}
			return output;
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private static String tail(Path log) throws IOException {
		try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
			List<String> all = lines.toList();
			return String.join("\n", all.subList(Math.max(0, all.size() - 80), all.size()));
		}
	}

	private static long seconds(long from, long to) {
		return TimeUnit.NANOSECONDS.toSeconds(to - from);
	}

}
