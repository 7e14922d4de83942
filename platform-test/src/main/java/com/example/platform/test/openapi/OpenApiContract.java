package com.example.platform.test.openapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.ConsoleRender;

/**
 * The two OpenAPI gates of a service's public REST API, for its tests (contracts/README.md):
 * <ul>
 * <li>{@link #assertMatchesCommitted drift}: the document the running service generates equals the one committed in
 * {@code contracts/openapi/<service>.yaml}; with {@value #REWRITE_PROPERTY}{@code =true} the committed file is
 * rewritten instead (then review the diff and commit it);</li>
 * <li>{@link #assertNoBreakingChange breaking change}: the committed document is backward compatible with its
 * baseline, {@code contracts/openapi/baseline/<service>.yaml} (the document at the last release), as judged by
 * openapi-diff: no removed path or operation, no new required request field or parameter, no changed type, no
 * removed response status or media type.</li>
 * </ul>
 * A module that uses this class declares {@code org.openapitools.openapidiff:openapi-diff-core} (test scope).
 */
public final class OpenApiContract {

	/** {@code -Dplatform.openapi.rewrite=true}: the drift gate writes the generated document instead of failing. */
	public static final String REWRITE_PROPERTY = "platform.openapi.rewrite";

	private final String service;

	private final Path committed;

	private final Path baseline;

	private OpenApiContract(String service, Path committed, Path baseline) {
		this.service = service;
		this.committed = committed;
		this.baseline = baseline;
	}

	/** The documents of {@code service} in this repository's {@code contracts/openapi}. */
	public static OpenApiContract of(String service) {
		Path openapi = repositoryRoot().resolve("contracts/openapi");
		return new OpenApiContract(service, openapi.resolve(service + ".yaml"),
				openapi.resolve("baseline").resolve(service + ".yaml"));
	}

	/** Documents elsewhere (the gates' own tests, on copies). */
	public static OpenApiContract of(String service, Path committed, Path baseline) {
		return new OpenApiContract(service, committed, baseline);
	}

	public Path committed() {
		return this.committed;
	}

	public Path baseline() {
		return this.baseline;
	}

	/**
	 * Fails, naming the first differing line and the changes openapi-diff sees, when {@code generated} (the
	 * document the running service serves) differs from the committed one; rewrites the committed one instead when
	 * {@value #REWRITE_PROPERTY} is {@code true}.
	 */
	public void assertMatchesCommitted(String generated) {
		String expected = Files.exists(this.committed) ? normalize(read(this.committed)) : null;
		String actual = normalize(generated);
		if (actual.equals(expected)) {
			return;
		}
		if (Boolean.getBoolean(REWRITE_PROPERTY)) {
			write(this.committed, actual);
			System.out.println("[openapi] rewrote " + this.committed + " from the running " + this.service);
			return;
		}
		StringBuilder message = new StringBuilder();
		message.append(this.service).append("'s OpenAPI document differs from the committed ").append(this.committed);
		if (expected == null) {
			message.append(" (missing)");
		}
		else {
			message.append(firstDifference(expected, actual));
			String changes = render(compare(expected, actual));
			if (!changes.isBlank()) {
				message.append("\nChanges from the committed document to the code's (openapi-diff):\n").append(changes);
			}
		}
		message.append("\nIf the code is right, rewrite the committed document and review the diff: ./mvnw -pl ")
			.append(this.service)
			.append(" -am verify -D")
			.append(REWRITE_PROPERTY)
			.append("=true -Dit.test=OpenApiDocumentIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false")
			.append(" (then the breaking-change gate compares it with ")
			.append(this.baseline)
			.append(").");
		throw new AssertionError(message.toString());
	}

	/**
	 * Fails, naming each incompatible change, when the committed document is not backward compatible with its
	 * baseline (openapi-diff's verdict: a client built from the baseline would break).
	 */
	public void assertNoBreakingChange() {
		if (!Files.exists(this.baseline)) {
			throw new AssertionError("No baseline " + this.baseline + " for " + this.service
					+ ": copy the committed document there when the API is first released (contracts/README.md).");
		}
		ChangedOpenApi diff = compare(read(this.baseline), read(this.committed));
		if (diff.isIncompatible()) {
			throw new AssertionError(this.committed + " breaks " + this.service
					+ "'s released API (baseline " + this.baseline + "):\n" + render(diff)
					+ "\nKeep the old operation and add the new one beside it (e.g. a new path or an optional field); "
					+ "a deliberate break is a new versioned API (contracts/README.md).");
		}
	}

	/**
	 * openapi-diff's comparison. Its schema comparison reads a schema's {@code type}, which the parser leaves empty in
	 * an OpenAPI 3.1 document (it fills {@code types}: OpenAPITools/openapi-diff#745), so a changed type would go
	 * unnoticed: a single type is copied to {@code type} first.
	 */
	static ChangedOpenApi compare(String oldDocument, String newDocument) {
		return OpenApiCompare.fromSpecifications(parse(oldDocument), parse(newDocument));
	}

	private static OpenAPI parse(String document) {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);
		OpenAPI openApi = result.getOpenAPI();
		if (openApi == null) {
			throw new AssertionError("Not an OpenAPI document: " + result.getMessages());
		}
		Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
			openApi.getComponents().getSchemas().values().forEach((schema) -> singleType(schema, seen));
		}
		if (openApi.getPaths() != null) {
			openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
				if (operation.getParameters() != null) {
					operation.getParameters().forEach((parameter) -> singleType(parameter.getSchema(), seen));
				}
				if (operation.getRequestBody() != null) {
					content(operation.getRequestBody().getContent(), seen);
				}
				if (operation.getResponses() != null) {
					operation.getResponses().values().forEach((response) -> content(response.getContent(), seen));
				}
			}));
		}
		return openApi;
	}

	private static void content(Content content, Set<Schema<?>> seen) {
		if (content != null) {
			content.values().forEach((mediaType) -> singleType(mediaType.getSchema(), seen));
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void singleType(Schema<?> schema, Set<Schema<?>> seen) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		if (schema.getType() == null && schema.getTypes() != null && schema.getTypes().size() == 1) {
			schema.setType(schema.getTypes().iterator().next());
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach((property) -> singleType(property, seen));
		}
		singleType(schema.getItems(), seen);
		if (schema.getAdditionalProperties() instanceof Schema additional) {
			singleType(additional, seen);
		}
		for (List<Schema> composed : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
			if (composed != null) {
				composed.forEach((part) -> singleType(part, seen));
			}
		}
	}

	/** openapi-diff's console report: what is new, deleted, deprecated and changed, and whether it breaks clients. */
	static String render(ChangedOpenApi diff) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
			new ConsoleRender().render(diff, writer);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static String firstDifference(String expected, String actual) {
		List<String> committedLines = expected.lines().toList();
		List<String> generatedLines = actual.lines().toList();
		int lines = Math.max(committedLines.size(), generatedLines.size());
		for (int i = 0; i < lines; i++) {
			String committedLine = (i < committedLines.size()) ? committedLines.get(i) : "<end of file>";
			String generatedLine = (i < generatedLines.size()) ? generatedLines.get(i) : "<end of file>";
			if (!committedLine.equals(generatedLine)) {
				return " at line " + (i + 1) + ":\n  committed: " + committedLine + "\n  generated: " + generatedLine;
			}
		}
		return "";
	}

	/** Line endings and trailing blanks do not count. */
	private static String normalize(String document) {
		return document.lines().map(String::stripTrailing).reduce(new StringBuilder(),
				(text, line) -> text.append(line).append('\n'), StringBuilder::append).toString().stripTrailing() + "\n";
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The nearest folder, from the module's, that has {@code contracts/} beside a {@code pom.xml}. */
	static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
			if (Files.isDirectory(candidate.resolve("contracts")) && Files.exists(candidate.resolve("pom.xml"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No contracts/ folder above " + dir);
	}

}
