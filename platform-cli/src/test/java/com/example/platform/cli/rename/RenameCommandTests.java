package com.example.platform.cli.rename;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The command on a small fixture repository: what it changes, what it prints, when it refuses. */
class RenameCommandTests {

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'c', 'o', 'm', '.' };

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path root;

	@BeforeEach
	void fixture() throws IOException {
		write("pom.xml", """
				<project>
				  <parent>
				    <groupId>net.sample.app</groupId>
				    <artifactId>platform-bom</artifactId>
				  </parent>
				  <artifactId>platform-parent</artifactId>
				  <exclude>net.sample.app:*-service</exclude>
				</project>
				""");
		write("order-service/pom.xml", """
				<project>
				  <parent><groupId>net.sample.app</groupId><artifactId>platform-parent</artifactId></parent>
				  <artifactId>order-service</artifactId>
				</project>
				""");
		write("order-service/src/main/java/net/sample/app/order/Order.java", """
				package net.sample.app.order;

				import net.sample.app.contracts.order.events.v1.OrderPlaced;

				@ConfigurationProperties("platform.order")
				class Order {
				}
				""");
		write("order-service/src/test/java/net/sample/app/order/outbox/RelayTests.java", """
				package net.sample.app.order.outbox;

				class RelayTests {
				}
				""");
		write("order-service/src/main/resources/application.yaml", """
				platform:
				  order:
				    outbox:
				      topic: platform.order.events.v1
				logging.level.net.sample.app.order: INFO
				""");
		write("platform-test/src/main/java/net/sample/app/test/Infrastructure.java",
				"package net.sample.app.test;\n");
		write("platform-test/src/main/resources/META-INF/spring.factories",
				"org.springframework.boot.env.EnvironmentPostProcessor=net.sample.app.test.Infrastructure\n");
		write("contracts/src/main/proto/platform/order/events/v1/order_events.proto", """
				package platform.order.events.v1;
				option java_package = "net.sample.app.contracts.order.events.v1";
				""");
		write("infra/k8s/overlays/prod/kustomization.yaml", """
				images:
				  - name: order-service
				    newName: registry.sample.net/app/order-service
				    newTag: 0.1.0
				""");
		write("README.md", "Removes its artifacts (groupId `net.sample.app`); sources in"
				+ " `order-service/src/main/java/net/sample/app/order`.\n");
		write("mvnw", "#!/bin/sh\necho mvnw\n");
		Files.setPosixFilePermissions(this.root.resolve("mvnw"),
				java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.write(this.root.resolve("docs.png"), PNG);
		write("order-service/target/classes/net/sample/app/order/Order.class", "net.sample.app\n");
		write(".platform/logs/order-service.log", "INFO net.sample.app.order.Order started\n");
	}

	@Test
	void renamesTheGroupThePackageAndTheImagesAndPrintsWhatItChanged() throws IOException {
		assertThat(run("--group-id", "org.acme.shop", "--image-prefix", "ghcr.io/acme/", "--force")).isZero();

		assertThat(read("pom.xml")).contains("<groupId>org.acme.shop</groupId>", "<exclude>org.acme.shop:*-service");
		assertThat(read("order-service/src/main/java/org/acme/shop/order/Order.java")).isEqualTo("""
				package org.acme.shop.order;

				import org.acme.shop.contracts.order.events.v1.OrderPlaced;

				@ConfigurationProperties("platform.order")
				class Order {
				}
				""");
		assertThat(read("order-service/src/test/java/org/acme/shop/order/outbox/RelayTests.java"))
			.startsWith("package org.acme.shop.order.outbox;");
		assertThat(read("order-service/src/main/resources/application.yaml"))
			.contains("topic: platform.order.events.v1", "logging.level.org.acme.shop.order: INFO");
		assertThat(read("platform-test/src/main/resources/META-INF/spring.factories"))
			.isEqualTo("org.springframework.boot.env.EnvironmentPostProcessor=org.acme.shop.test.Infrastructure\n");
		assertThat(read("contracts/src/main/proto/platform/order/events/v1/order_events.proto")).isEqualTo("""
				package platform.order.events.v1;
				option java_package = "org.acme.shop.contracts.order.events.v1";
				""");
		assertThat(read("infra/k8s/overlays/prod/kustomization.yaml"))
			.contains("newName: ghcr.io/acme/order-service");
		assertThat(read("README.md")).isEqualTo("Removes its artifacts (groupId `org.acme.shop`); sources in"
				+ " `order-service/src/main/java/org/acme/shop/order`.\n");
		// The old package's directories and the build output are gone; binary files, ./platform's state and
		// permissions are left alone
		assertThat(this.root.resolve("order-service/src/main/java/net")).doesNotExist();
		assertThat(this.root.resolve("platform-test/src/main/java/net")).doesNotExist();
		assertThat(this.root.resolve("order-service/target")).doesNotExist();
		assertThat(Files.readAllBytes(this.root.resolve("docs.png"))).isEqualTo(PNG);
		assertThat(read(".platform/logs/order-service.log")).isEqualTo("INFO net.sample.app.order.Order started\n");
		assertThat(Files.getPosixFilePermissions(this.root.resolve("mvnw")))
			.contains(PosixFilePermission.OWNER_EXECUTE);

		assertThat(text(this.err)).isEmpty();
		assertThat(text(this.out)).isEqualTo("""
				Renamed:
				  groupId       net.sample.app -> org.acme.shop
				  base package  net.sample.app -> org.acme.shop
				  image prefix  registry.sample.net/app -> ghcr.io/acme
				Moved 3 files, in 3 source trees:
				  order-service/src/main/java/net/sample/app -> order-service/src/main/java/org/acme/shop (1 file)
				  order-service/src/test/java/net/sample/app -> order-service/src/test/java/org/acme/shop (1 file)
				  platform-test/src/main/java/net/sample/app -> platform-test/src/main/java/org/acme/shop (1 file)
				Edited 10 files (4 groupId, 7 package, 1 package path, 1 image prefix replacements):
				  README.md (groupId 1, package path 1)
				  contracts/src/main/proto/platform/order/events/v1/order_events.proto (package 1)
				  infra/k8s/overlays/prod/kustomization.yaml (image prefix 1)
				  order-service/pom.xml (groupId 1)
				  order-service/src/main/resources/application.yaml (package 1)
				  platform-test/src/main/resources/META-INF/spring.factories (package 1)
				  pom.xml (groupId 2)
				  order-service: 2 Java sources
				  platform-test: 1 Java source
				Removed the build output of the old names (as ./mvnw clean does): order-service/target
				Not renamed: proto packages and Kafka topics (platform.*.v1: wire contracts), platform.* configuration \
				keys, artifactIds, service and image names.
				Next: review it (git add -A && git diff --cached -M --stat), then ./mvnw verify.
				""");
	}

	@Test
	void aSecondRenameStartsFromWhatTheFirstOneLeft() throws IOException {
		assertThat(run("--group-id", "org.acme", "--package", "org.acme.shop", "--force")).isZero();
		assertThat(run("--group-id", "io.other", "--package", "io.other.store", "--force")).as(text(this.err))
			.isZero();

		assertThat(text(this.out)).contains("groupId       org.acme -> io.other",
				"base package  org.acme.shop -> io.other.store", "image prefix  unchanged");
		assertThat(read("order-service/src/main/java/io/other/store/order/Order.java"))
			.startsWith("package io.other.store.order;");
		assertThat(read("order-service/pom.xml")).contains("<groupId>io.other</groupId>");
	}

	@Test
	void aDryRunPrintsThePlanAndWritesNothing() throws IOException {
		Map<String, String> before = snapshot();

		assertThat(run("--group-id", "org.acme.shop", "--dry-run")).isZero();

		assertThat(snapshot()).isEqualTo(before);
		assertThat(text(this.out)).startsWith("Would rename (dry run, nothing written):\n")
			.contains("Would move 3 files", "Would edit 9 files",
					"Would remove the build output of the old names (as ./mvnw clean does): order-service/target")
			.doesNotContain("Next:");
	}

	@Test
	void invalidNamesAreRefusedWithTheReasonAndNothingIsWritten() throws IOException {
		Map<String, String> before = snapshot();

		assertThat(run("--group-id", "org.acme", "--package", "org.acme.Shop", "--force")).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo("rename refused, nothing was changed: package 'org.acme.Shop': segment"
				+ " 'Shop' must be lower-case letters, digits and underscores, starting with a letter (e.g."
				+ " org.acme.shop)\n");

		assertThat(run("--group-id", "org.acme.int", "--force")).isEqualTo(1);
		assertThat(text(this.err)).contains("'int' is a Java keyword");

		assertThat(run("--group-id", "org.acme", "--image-prefix", "GHCR.io", "--force")).isEqualTo(1);
		assertThat(text(this.err)).contains("image prefix 'GHCR.io'");

		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void outsideAGitWorkTreeItRefusesWithoutForce() throws IOException {
		Map<String, String> before = snapshot();

		assertThat(run("--group-id", "org.acme.shop")).isEqualTo(1);

		assertThat(text(this.err)).startsWith("rename refused, nothing was changed: ")
			.contains("so the rename could not be reviewed with git diff nor reverted; commit the repository to git"
					+ " first, or pass --force");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void aWorkTreeWithUncommittedChangesIsRefusedWithoutForce() throws Exception {
		assumeTrue(gitAvailable(), "git is not on the PATH");
		write(".gitignore", "target/\n.platform/\n");
		git("init", "-q");
		git("add", "-A");
		git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "fixture");
		write("README.md", "changed\n");
		Map<String, String> before = snapshot();

		assertThat(run("--group-id", "org.acme.shop")).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo("rename refused, nothing was changed: the work tree has uncommitted"
				+ " changes; commit or stash them first, so the rename can be reviewed with git diff and reverted, or"
				+ " pass --force:\n   M README.md\n");
		assertThat(snapshot()).isEqualTo(before);

		git("checkout", "-q", "README.md");
		assertThat(run("--group-id", "org.acme.shop")).as(text(this.err)).isZero();
		assertThat(this.root.resolve("order-service/src/main/java/org/acme/shop/order/Order.java")).exists();
		// Only what git lists is renamed: ignored files stay as they were
		assertThat(read(".platform/logs/order-service.log")).isEqualTo("INFO net.sample.app.order.Order started\n");
	}

	@Test
	void aMoveOntoAnExistingFileIsRefusedBeforeAnythingIsWritten() throws IOException {
		write("order-service/src/main/resources/net/sample/app/order/template.txt", "one");
		write("order-service/src/main/resources/org/acme/shop/order/template.txt", "another");
		Map<String, String> before = snapshot();

		assertThat(run("--group-id", "org.acme.shop", "--force")).isEqualTo(1);

		assertThat(text(this.err)).isEqualTo("rename refused, nothing was changed: moving the sources would"
				+ " overwrite existing files:\n  order-service/src/main/resources/net/sample/"
				+ "app/order/template.txt -> order-service/src/main/resources/org/acme/shop/order/template.txt\n");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void nothingToRenameAndWrongCommandLinesAreSaidSo() {
		assertThat(run("--group-id", "net.sample.app", "--force")).isEqualTo(1);
		assertThat(text(this.err)).contains("nothing to rename: the groupId is net.sample.app, the package"
				+ " net.sample.app and the image prefix registry.sample.net/app already");

		assertThat(RenameCommand.run(new String[] { "--group-id", "org.acme" }, print(this.out), print(this.err)))
			.isEqualTo(2);
		assertThat(run("--group-id")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("--group-id needs a value\nUsage: platform-cli rename");
		assertThat(run("--groupid", "org.acme")).isEqualTo(2);
		assertThat(text(this.err)).startsWith("unknown option --groupid\n");
		assertThat(run("--help")).isZero();
		assertThat(text(this.out)).isEqualTo(RenameCommand.USAGE);
	}

	private int run(String... options) {
		this.out.reset();
		this.err.reset();
		List<String> args = new ArrayList<>(List.of(this.root.toString()));
		args.addAll(List.of(options));
		return RenameCommand.run(args.toArray(String[]::new), print(this.out), print(this.err));
	}

	private Map<String, String> snapshot() throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(this.root)) {
			for (Path path : paths.filter(Files::isRegularFile).filter((p) -> !p.toString().contains("/.git/")).toList()) {
				files.put(this.root.relativize(path).toString(),
						new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
			}
		}
		return files;
	}

	private void write(String file, String text) throws IOException {
		Path path = this.root.resolve(file);
		Files.createDirectories(path.getParent());
		Files.writeString(path, text);
	}

	private String read(String file) throws IOException {
		return Files.readString(this.root.resolve(file));
	}

	private static PrintStream print(ByteArrayOutputStream stream) {
		return new PrintStream(stream, true, StandardCharsets.UTF_8);
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

	private static boolean gitAvailable() {
		try {
			return new ProcessBuilder("git", "--version").start().waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void git(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("git", "-C", this.root.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
	}

}
