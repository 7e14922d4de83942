package com.example.platform.contracts.asyncapi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document of the order events: valid for the AsyncAPI CLI (the real validator, {@code @asyncapi/cli}
 * from the npm registry, run with npx and cached in npm's cache), and in agreement with {@code contracts/examples}
 * (header names, ce_type per message, payload fields), which order-service's GoldenEventsIT holds to the real records.
 * <p>
 * Needs Node.js (npx) on the PATH; without it the validation is skipped with a message, the agreement checks still
 * run. The first run downloads the CLI (a few minutes); later runs take seconds.
 */
class AsyncApiDocumentTests {

	static final String CLI = "@asyncapi/cli@6.2.0";

	static final Path DOCUMENT = Path.of("asyncapi/order-events.v1.asyncapi.yaml");

	static final Path EXAMPLES = Path.of("examples");

	@TempDir
	Path work;

	@Test
	void theAsyncApiCliValidatesTheDocument() throws Exception {
		Result result = validate(DOCUMENT);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("is valid");
	}

	@Test
	void theAsyncApiCliRejectsABrokenDocument() throws Exception {
		Path broken = this.work.resolve("broken.asyncapi.yaml");
		String text = Files.readString(DOCUMENT);
		assertThat(text).contains("        $ref: '#/components/messages/OrderCancelled'");
		Files.writeString(broken, text.replace("        $ref: '#/components/messages/OrderCancelled'",
				"        $ref: '#/components/messages/OrderShipped'"));

		Result result = validate(broken);

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("OrderShipped");
	}

	@Test
	void headersMessagesAndPayloadFieldsAreThoseOfTheExamples() throws IOException {
		JsonNode document = YAMLMapper.builder().build().readTree(DOCUMENT.toFile());
		JsonNode schemas = document.get("components").get("schemas");
		JsonNode headers = schemas.get("CloudEventHeaders");
		List<JsonNode> examples = examples();
		assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
		TreeSet<String> exampleHeaderNames = new TreeSet<>();
		for (JsonNode example : examples) {
			exampleHeaderNames.addAll(example.get("headers").propertyNames());
			String type = example.get("headers").get("ce_type").asString();
			String name = type.substring(type.lastIndexOf('.') + 1);
			JsonNode message = document.get("components").get("messages").get(name);
			assertThat(message).as("components.messages.%s for the example of %s", name, type).isNotNull();
			assertThat(message.get("headers").get("allOf").get(1).get("properties").get("ce_type").get("const").asString())
				.as("ce_type of message %s", name)
				.isEqualTo(type);
			assertThat(new TreeSet<>(schemas.get(name).get("properties").propertyNames()))
				.as("payload fields of %s", name)
				.isEqualTo(new TreeSet<>(example.get("payload").propertyNames()));
			assertThat(document.get("channels").get("orderEvents").get("address").asString())
				.isEqualTo(example.get("topic").asString());
		}
		// Every header of the examples, plus the one only replays carry
		TreeSet<String> expected = new TreeSet<>(exampleHeaderNames);
		expected.add("platform_replayed_from");
		assertThat(new TreeSet<>(headers.get("properties").propertyNames())).isEqualTo(expected);
		List<String> required = new ArrayList<>();
		headers.get("required").forEach((name) -> required.add(name.asString()));
		assertThat(exampleHeaderNames).containsAll(required);
	}

	private static List<JsonNode> examples() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		try (Stream<Path> files = Files.list(EXAMPLES)) {
			List<JsonNode> examples = new ArrayList<>();
			for (Path file : files.filter((p) -> p.toString().endsWith(".json")).sorted().toList()) {
				examples.add(json.readTree(file.toFile()));
			}
			return examples;
		}
	}

	// --- the AsyncAPI CLI through npx

	private record Result(int exitCode, String output) {
	}

	private Result validate(Path document) throws IOException, InterruptedException {
		Optional<Path> npx = onPath("npx");
		Assumptions.assumeTrue(npx.isPresent(),
				"Node.js (npx) is not on the PATH: the AsyncAPI document is not validated. Install Node.js 20+ to run "
						+ "the AsyncAPI CLI (" + CLI + ", fetched from the npm registry on first use).");
		// No usage metrics sent from builds, no first-run banner (the CLI's own configuration file)
		Path analytics = this.work.resolve("asyncapi-analytics.json");
		Files.writeString(analytics, "{\"analyticsEnabled\":\"false\",\"infoMessageShown\":\"true\",\"userID\":\"build\"}");
		ProcessBuilder builder = new ProcessBuilder(npx.get().toString(), "--yes", CLI, "validate",
				document.toAbsolutePath().toString(), "--fail-severity=warn")
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve("asyncapi.log").toFile());
		Map<String, String> environment = builder.environment();
		environment.put("ASYNCAPI_METRICS_CONFIG_PATH", analytics.toString());
		environment.put("SUPPRESS_NO_CONFIG_WARNING", "true");
		environment.put("npm_config_update_notifier", "false");
		environment.put("npm_config_fund", "false");
		environment.put("npm_config_audit", "false");
		environment.put("npm_config_loglevel", "error");
		Process process = builder.start();
		boolean finished = process.waitFor(10, TimeUnit.MINUTES);
		String output = Files.readString(this.work.resolve("asyncapi.log"), StandardCharsets.UTF_8);
		if (!finished) {
			process.destroyForcibly();
			throw new AssertionError("The AsyncAPI CLI did not finish within 10 minutes: " + output);
		}
		System.out.println(output);
		return new Result(process.exitValue(), output);
	}

	private static Optional<Path> onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.map((dir) -> Path.of(dir, command))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
