package com.example.platform.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformCliTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path directory;

	@Test
	void checkOfTheRepositoryPrintsOk() {
		assertThat(run("check", "../platform.yaml")).isZero();
		assertThat(text(this.out)).isEqualTo("ok\n");
		assertThat(text(this.err)).isEmpty();
	}

	@Test
	void shellPrintsTheAssignments() {
		assertThat(run("shell", "../platform.yaml")).isZero();
		// Services added to the template (./platform new-service) come later in the start order or before the gateway
		assertThat(text(this.out)).startsWith("SERVICES='auth-server customer-service order-service notification-service ");
	}

	@Test
	void aCycleFailsCheckAndShellWithItsPath() throws IOException {
		Path broken = this.directory.resolve("platform.yaml");
		Files.writeString(broken, Files.readString(Path.of("..", "platform.yaml"))
			.replace("calls: [auth-server]", "calls: [auth-server, order-service]"));
		assertThat(run("check", broken.toString())).isEqualTo(1);
		assertThat(text(this.err)).isEqualTo("1 problem in " + broken + ":\n  platform.yaml: calls form a cycle:"
				+ " customer-service -> order-service -> customer-service (the services' calls must form a DAG; break it"
				+ " with an event or by moving the logic)\n");
		assertThat(run("shell", broken.toString())).isEqualTo(1);
		assertThat(text(this.out)).isEmpty();
	}

	@Test
	void aWrongCommandLinePrintsTheUsage() {
		assertThat(run("start", "platform.yaml")).isEqualTo(2);
		assertThat(text(this.err)).isEqualTo(PlatformCli.USAGE);
	}

	private int run(String... args) {
		this.out.reset();
		this.err.reset();
		return PlatformCli.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

}
