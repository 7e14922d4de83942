package com.example.platform.cli.derived;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.platform.cli.declaration.PlatformDeclaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The files that list the services get those lists from platform.yaml: this repository's are current (the build's
 * gate: a hand edit of a derived line, or a declaration changed without ./platform generate, fails here), and
 * generating rewrites exactly the blocks, naming what was stale.
 */
class DerivedFilesTests {

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	private static final String PROMETHEUS = "infra/observability/prometheus/prometheus-compose.yaml";

	private static final String GATEWAY = "gateway/src/main/resources/application.yaml";

	@TempDir
	Path copy;

	@Test
	void theRepositorysDerivedLinesAreWhatItsPlatformYamlDeclares() {
		assertThat(DerivedFiles.stale(REPOSITORY, PlatformDeclaration.read(REPOSITORY.resolve("platform.yaml"))))
			.as("run ./platform generate").isEmpty();
	}

	@Test
	void aChangedDeclarationMakesItsBlocksStaleUntilGenerated() throws IOException {
		copyRepository();
		replaceInPlatformYaml("    management-port: 8180\n", "    management-port: 8190\n");
		PlatformDeclaration declaration = PlatformDeclaration.read(this.copy.resolve("platform.yaml"));
		int targets = lineOf(PROMETHEUS, "[derived from platform.yaml: scrape targets]") + 1;

		assertThat(DerivedFiles.stale(this.copy, declaration)).containsExactly(PROMETHEUS + ":" + targets
				+ ": the lines derived from platform.yaml (scrape targets) differ from what it declares: run ./platform generate",
				"README.md:" + (lineOf("README.md", "[derived from platform.yaml: services table]") + 1)
						+ ": the lines derived from platform.yaml (services table) differ from what it declares: run ./platform generate");

		String before = read(PROMETHEUS);
		assertThat(DerivedFiles.generate(this.copy, declaration)).containsExactly(PROMETHEUS, "README.md");
		assertThat(read(PROMETHEUS)).isEqualTo(before.replace("\"gateway:8180\"", "\"gateway:8190\""));
		assertThat(DerivedFiles.stale(this.copy, declaration)).isEmpty();
		assertThat(DerivedFiles.generate(this.copy, declaration)).as("a second run changes nothing").isEmpty();
	}

	@Test
	void aHandEditInsideABlockIsStaleAndUndoneByGenerating() throws IOException {
		copyRepository();
		String original = read(GATEWAY);
		Files.writeString(this.copy.resolve(GATEWAY), original.replace("scope: orders.write }", "scope: orders.read }"));
		PlatformDeclaration declaration = PlatformDeclaration.read(this.copy.resolve("platform.yaml"));

		assertThat(DerivedFiles.stale(this.copy, declaration)).singleElement().asString()
			.startsWith(GATEWAY + ":" + (lineOf(GATEWAY, "[derived from platform.yaml: route scopes]") + 1) + ": the lines derived from platform.yaml (route scopes)");
		DerivedFiles.generate(this.copy, declaration);
		assertThat(read(GATEWAY)).isEqualTo(original);
	}

	@Test
	void aNewRouteReachesTheGatewayAuthServersClientsAndTheTokenScript() throws IOException {
		copyRepository();
		replaceInPlatformYaml("      read-scope: notifications.read\n", """
				      read-scope: notifications.read
				      write-scope: notifications.write
				""");
		replaceInPlatformYaml("      paths: [/api/notifications]\n", "      paths: [/api/notifications, /api/inbox]\n");
		DerivedFiles.generate(this.copy, PlatformDeclaration.read(this.copy.resolve("platform.yaml")));

		assertThat(read(GATEWAY)).contains("- Path=/api/notifications,/api/notifications/**,/api/inbox,/api/inbox/**\n",
				"      - { paths: [/api/notifications, /api/notifications/**, /api/inbox, /api/inbox/**], scope: notifications.write }\n")
			.doesNotContain("deny: true");
		assertThat(read("auth-server/src/main/resources/application.yaml"))
			.contains("scopes: [customers.read, customers.write, orders.read, orders.write, notifications.read, notifications.write",
					"scopes: [openid, profile, customers.read, customers.write, orders.read, orders.write, notifications.read, notifications.write");
		assertThat(read("tools/platform/token.sh")).contains(" notifications.read notifications.write");
	}

	@Test
	void missingMarkersAreNamedAndNothingIsWritten() throws IOException {
		copyRepository();
		String sql = "infra/compose/postgres/init-databases.sql";
		Files.writeString(this.copy.resolve(sql), "CREATE DATABASE customer_service;\n");
		replaceInPlatformYaml("    management-port: 8180\n", "    management-port: 8190\n");
		String prometheus = read(PROMETHEUS);

		assertThatIllegalStateException()
			.isThrownBy(() -> DerivedFiles.generate(this.copy, PlatformDeclaration.read(this.copy.resolve("platform.yaml"))))
			.withMessage(sql + ": no lines between '[derived from platform.yaml: databases]' and '[end of databases]'"
					+ " (the markers ./platform generate writes the databases between)");
		assertThat(read(PROMETHEUS)).isEqualTo(prometheus);
	}

	private void copyRepository() throws IOException {
		for (String file : List.copyOf(DerivedFiles.paths())) {
			copyFile(file);
		}
		copyFile("platform.yaml");
	}

	private void copyFile(String file) throws IOException {
		Path target = this.copy.resolve(file);
		Files.createDirectories(target.getParent());
		Files.copy(REPOSITORY.resolve(file), target);
	}

	private void replaceInPlatformYaml(String from, String to) throws IOException {
		String yaml = read("platform.yaml");
		assertThat(yaml).contains(from);
		Files.writeString(this.copy.resolve("platform.yaml"), yaml.replaceFirst(java.util.regex.Pattern.quote(from),
				java.util.regex.Matcher.quoteReplacement(to)));
	}

	private int lineOf(String file, String text) throws IOException {
		List<String> lines = Files.readAllLines(this.copy.resolve(file));
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i + 1;
			}
		}
		throw new AssertionError(text + " not in " + file);
	}

	private String read(String file) throws IOException {
		return Files.readString(this.copy.resolve(file));
	}

}
