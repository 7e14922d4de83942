package com.example.platform.e2e.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire protocol document ({@code contracts/wire-protocol/v1/README.md}) holds against the code. Every row of its
 * vocabulary tables ({@code | kind | on the wire | meaning | implemented by |}) names a header, metadata key, status,
 * gRPC code, problem member or media type and the classes that implement it: the value must still appear in the code
 * of each of those classes (comments do not count), and each class named in an "Implemented by" line must exist in
 * some module's {@code src/main/java}. A problem type the code sets must be listed too. A failure names the
 * document's section, line and row.
 * <p>
 * Plain text: the main sources of every module are read as files, nothing is started or loaded.
 */
class WireProtocolDocumentTests {

	private static final Path ROOT = Path.of(System.getProperty("platform.repository.root", ".."))
		.toAbsolutePath()
		.normalize();

	private static final String DOCUMENT = "contracts/wire-protocol/v1/README.md";

	private static final List<String> TABLE_HEADER = List.of("kind", "on the wire", "meaning", "implemented by");

	private static final Set<String> KINDS = Set.of("http-header", "grpc-metadata", "kafka-header", "http-status",
			"grpc-status", "grpc-to-http", "problem-type", "problem-member", "media-type", "value");

	/** v1 has no problem type URIs, so no problem-type row yet: every other kind has rows. */
	private static final Set<String> KINDS_IN_USE = KINDS.stream()
		.filter((kind) -> !kind.equals("problem-type"))
		.collect(Collectors.toSet());

	/** A problem type set in code: {@code setType(URI.create("..."))} or an {@code ErrorResponse} builder's {@code type(...)}. */
	private static final Pattern TYPE_SET = Pattern.compile("(?:\\.setType|\\.type)\\(\\s*(?:URI\\.create\\(\\s*\"([^\"]*)\")?");

	/** Reason phrases (RFC 9110, RFC 5842 for 508) of the statuses the document may name: "503 Gateway Timeout" is a typo. */
	private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
			Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
			Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
			Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
			Map.entry(422, "Unprocessable Content"), Map.entry(429, "Too Many Requests"),
			Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
			Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
			Map.entry(508, "Loop Detected"));

	private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

	private static final Pattern STATUS = Pattern.compile("(\\d{3}) (.+)");

	private static final Pattern GRPC_TO_HTTP = Pattern.compile("([A-Z_]+|\\(any other\\)) -> (\\d{3}) (.+)");

	@Test
	void everyRowOfTheVocabularyTablesAppearsInTheCodeOfTheClassesItNames() throws IOException {
		List<String> failures = check(Files.readString(ROOT.resolve(DOCUMENT)), Sources.index(ROOT));

		assertThat(failures).as("rows of " + DOCUMENT + " that the code no longer bears out (update the document, "
				+ "or the code, in the same commit)").isEmpty();
	}

	@Test
	void theTablesCoverEverySectionAndKind() throws IOException {
		List<Row> rows = rows(Files.readString(ROOT.resolve(DOCUMENT)));

		assertThat(rows).as("vocabulary rows found in " + DOCUMENT).hasSizeGreaterThan(40);
		assertThat(rows.stream().map(Row::kind).distinct()).containsExactlyInAnyOrderElementsOf(KINDS_IN_USE);
		assertThat(rows.stream().map(Row::section).distinct()).contains("1. Request budget", "2. Hop limit",
				"3. Load shedding and other refusals: 503 + Retry-After", "4.1 HTTP: RFC 9457 problem details",
				"4.2 gRPC: status codes, descriptions, trailers", "5. Authentication and token relay",
				"6. Trace propagation", "7. Idempotency");
	}

	/** The check can fail, for each kind of drift, and says which row. */
	@Test
	void aRowTheCodeNoLongerBearsOutIsNamed() throws IOException {
		String document = Files.readString(ROOT.resolve(DOCUMENT));
		Map<String, List<Path>> sources = Sources.index(ROOT);

		assertThat(check(changed(document, "| http-header | `X-Hop-Limit` |", "| http-header | `X-Hops-Left` |"), sources))
			.singleElement()
			.asString()
			.contains("2. Hop limit", "http-header `X-Hops-Left`", "RequestBudget");
		assertThat(check(changed(document, "`DEADLINE_EXCEEDED -> 504 Gateway Timeout`",
				"`DEADLINE_EXCEEDED -> 503 Service Unavailable`"), sources))
			.singleElement()
			.asString()
			.contains("4.2 gRPC", "DEADLINE_EXCEEDED -> 503", "GrpcStatusProblems");
		assertThat(check(changed(document, "| http-status | `508 Loop Detected` |", "| http-status | `509 Loop Detected` |"),
				sources))
			.singleElement()
			.asString()
			.contains("509", "reason phrase");
		assertThat(check(changed(document, "Implemented by: `RequestBudget`,", "Implemented by: `RequestDeadline`,"),
				sources))
			.singleElement()
			.asString()
			.contains("1. Request budget", "RequestDeadline", "no RequestDeadline.java");
	}

	/** The document lists every problem type URI the platform uses (today none: every problem is about:blank). */
	@Test
	void everyProblemTypeTheCodeSetsIsDocumented() throws IOException {
		assertThat(undocumentedProblemTypes(Sources.index(ROOT), Files.readString(ROOT.resolve(DOCUMENT))))
			.as("problem types set in the code but not listed in section 4.1 of " + DOCUMENT)
			.isEmpty();
	}

	@Test
	void anUndocumentedProblemTypeIsNamed(@TempDir Path root) throws IOException {
		Path source = root.resolve("some-service/src/main/java/com/example/OutOfCredit.java");
		Files.createDirectories(source.getParent());
		Files.writeString(source, """
				class OutOfCredit {
					ProblemDetail problem() {
						ProblemDetail problem = ProblemDetail.forStatus(422);
						problem.setType(URI.create("https://example.com/problems/out-of-credit"));
						return problem;
					}
				}
				""");
		String documented = "| kind | on the wire | meaning | implemented by |\n|---|---|---|---|\n"
				+ "| problem-type | `https://example.com/problems/out-of-credit` | no credit left | `OutOfCredit` |\n";

		assertThat(undocumentedProblemTypes(Sources.index(root), "")).singleElement()
			.asString()
			.contains("OutOfCredit.java", "https://example.com/problems/out-of-credit");
		assertThat(undocumentedProblemTypes(Sources.index(root), documented)).isEmpty();
	}

	@Test
	void aValueOnlyInACommentDoesNotCount() {
		String code = Sources.withoutComments("""
				/** Reads "X-Hop-Limit". */
				class A {
					// "x-hop-limit"
					String url = "http://example.com"; /* 508 */
					char quote = '"';
					String header = "X-Request-Budget-Ms";
				}
				""");

		assertThat(code).doesNotContain("X-Hop-Limit", "x-hop-limit", "508")
			.contains("\"http://example.com\"", "\"X-Request-Budget-Ms\"");
	}

	/** {@code document} with the first {@code from} replaced, which must be there. */
	private static String changed(String document, String from, String to) {
		assertThat(document).as("the text this test changes").contains(from);
		return document.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
	}

	/** Problem types set by the main sources that no problem-type row of {@code document} lists. */
	static List<String> undocumentedProblemTypes(Map<String, List<Path>> sources, String document) {
		Set<String> documented = new LinkedHashSet<>();
		rows(document).stream().filter((row) -> row.kind().equals("problem-type")).forEach((row) -> documented.add(row.wire()));
		List<String> undocumented = new ArrayList<>();
		sources.values().stream().flatMap(List::stream).sorted().forEach((file) -> {
			String code = Sources.code(file);
			if (!code.contains("ProblemDetail") && !code.contains("ErrorResponse")) {
				return;
			}
			Matcher set = TYPE_SET.matcher(code);
			while (set.find()) {
				String type = set.group(1);
				if (type == null) {
					undocumented.add(file + " sets a problem type this test cannot read (not URI.create(\"...\")): "
							+ "write it as a literal and list it in section 4.1 of " + DOCUMENT);
				}
				else if (!documented.contains(type)) {
					undocumented.add(file + " sets the problem type " + type + ", which section 4.1 of " + DOCUMENT
							+ " does not list (a problem-type row)");
				}
			}
		});
		return undocumented;
	}

	static List<String> check(String document, Map<String, List<Path>> sources) {
		List<String> failures = new ArrayList<>();
		for (Row row : rows(document)) {
			failures.addAll(checkRow(row, sources));
		}
		for (ImplementedBy line : implementedByLines(document)) {
			for (String name : line.classes()) {
				if (!sources.containsKey(name)) {
					failures.add(line.where() + " \"Implemented by\" names `" + name + "`: no " + name
							+ ".java under any module's src/main/java");
				}
			}
		}
		return failures;
	}

	private static List<String> checkRow(Row row, Map<String, List<Path>> sources) {
		List<String> failures = new ArrayList<>();
		if (!KINDS.contains(row.kind())) {
			failures.add(row + ": unknown kind (one of " + KINDS + ")");
			return failures;
		}
		if (row.implementedBy().isEmpty()) {
			failures.add(row + ": names no implementing class");
		}
		Pattern pattern;
		try {
			pattern = codePattern(row);
		}
		catch (IllegalArgumentException ex) {
			failures.add(row + ": " + ex.getMessage());
			return failures;
		}
		for (String implementation : row.implementedBy()) {
			List<Path> files = implementation.contains("/") ? List.of(ROOT.resolve(implementation))
					: sources.getOrDefault(implementation, List.of());
			if (files.isEmpty() || !Files.isRegularFile(files.get(0))) {
				failures.add(row + ": implemented by `" + implementation + "`, but there is no "
						+ (implementation.contains("/") ? "such file" : implementation + ".java under any module's src/main/java"));
				continue;
			}
			if (files.stream().noneMatch((file) -> pattern.matcher(Sources.code(file)).find())) {
				failures.add(row + ": not in the code of " + implementation + " ("
						+ files.stream().map((file) -> ROOT.relativize(file).toString()).toList() + "), looked for /"
						+ pattern.pattern() + "/");
			}
		}
		return failures;
	}

	/** What the code of an implementing class must contain for the row to hold (comments stripped). */
	private static Pattern codePattern(Row row) {
		String wire = row.wire();
		return switch (row.kind()) {
			// Header names are case-insensitive; Spring's constants are the name in upper case with underscores
			case "http-header" -> Pattern.compile("\"" + Pattern.quote(wire) + "\"|HttpHeaders\\."
					+ wire.toUpperCase(Locale.ROOT).replace('-', '_') + "\\b", Pattern.CASE_INSENSITIVE);
			case "grpc-metadata", "kafka-header" -> Pattern.compile("\"" + Pattern.quote(wire) + "\"");
			case "http-status" -> {
				int status = status(wire);
				yield Pattern.compile("(?<![\\w.])" + status + "(?![\\w.])|HttpStatus\\." + constant(REASONS.get(status))
						+ "\\b");
			}
			case "grpc-status" -> Pattern.compile("\\b" + Pattern.quote(wire) + "\\b");
			case "grpc-to-http" -> {
				Matcher mapping = GRPC_TO_HTTP.matcher(wire);
				if (!mapping.matches()) {
					throw new IllegalArgumentException("not of the form `CODE -> NNN Reason` or `(any other) -> NNN Reason`");
				}
				int status = status(mapping.group(2) + " " + mapping.group(3));
				String target = "->\\s*HttpStatus\\." + constant(REASONS.get(status)) + "\\b";
				yield mapping.group(1).equals("(any other)") ? Pattern.compile("default\\s*" + target)
						: Pattern.compile("case\\s[^;]*?\\b" + mapping.group(1) + "\\b[^;]*?" + target);
			}
			// In Java source a member name is a string literal, or part of one written out by hand (\"traceId\")
			case "problem-member" -> Pattern.compile("\\\\?\"" + Pattern.quote(wire) + "\\\\?\"");
			case "media-type" -> Pattern.compile(Pattern.quote(wire) + "|MediaType\\."
					+ wire.toUpperCase(Locale.ROOT).replaceAll("[/+.-]", "_") + "(_VALUE)?\\b");
			case "problem-type" -> Pattern.compile(Pattern.quote(wire));
			case "value" -> Pattern.compile(Pattern.quote(wire), Pattern.CASE_INSENSITIVE);
			default -> throw new IllegalArgumentException("unknown kind");
		};
	}

	private static int status(String wire) {
		Matcher status = STATUS.matcher(wire);
		if (!status.matches()) {
			throw new IllegalArgumentException("not of the form `NNN Reason Phrase`");
		}
		int code = Integer.parseInt(status.group(1));
		String reason = REASONS.get(code);
		if (reason == null) {
			throw new IllegalArgumentException("status " + code + " is not in this test's table of reason phrases: add it");
		}
		if (!reason.equals(status.group(2))) {
			throw new IllegalArgumentException("the reason phrase of " + code + " is \"" + reason + "\", not \""
					+ status.group(2) + "\"");
		}
		return code;
	}

	private static String constant(String reason) {
		return reason.toUpperCase(Locale.ROOT).replace(' ', '_');
	}

	/** The rows of every table whose header is {@link #TABLE_HEADER}. */
	static List<Row> rows(String document) {
		List<Row> rows = new ArrayList<>();
		String[] lines = document.split("\n", -1);
		String section = "(before the first section)";
		boolean inTable = false;
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.startsWith("#")) {
				section = line.replaceFirst("^#+\\s*", "");
			}
			if (!line.startsWith("|")) {
				inTable = false;
				continue;
			}
			List<String> cells = cells(line);
			if (cells.equals(TABLE_HEADER)) {
				inTable = true;
				i++; // the |---| line
				continue;
			}
			if (inTable) {
				List<String> wire = backticked(cells.size() > 1 ? cells.get(1) : "");
				rows.add(new Row(section, i + 1, cells.get(0), wire.isEmpty() ? "" : wire.get(0),
						backticked(cells.size() > 3 ? cells.get(3) : "")));
			}
		}
		return rows;
	}

	/** The paragraphs that start with "Implemented by:", and the class names in them. */
	static List<ImplementedBy> implementedByLines(String document) {
		List<ImplementedBy> lines = new ArrayList<>();
		String[] text = document.split("\n", -1);
		String section = "(before the first section)";
		for (int i = 0; i < text.length; i++) {
			if (text[i].startsWith("#")) {
				section = text[i].replaceFirst("^#+\\s*", "");
			}
			if (!text[i].startsWith("Implemented by:")) {
				continue;
			}
			StringBuilder paragraph = new StringBuilder();
			for (int j = i; j < text.length && !text[j].isBlank(); j++) {
				paragraph.append(text[j]).append(' ');
			}
			Set<String> classes = new LinkedHashSet<>();
			for (String name : backticked(paragraph.toString())) {
				if (CLASS_NAME.matcher(name).matches()) {
					classes.add(name);
				}
			}
			lines.add(new ImplementedBy("[" + DOCUMENT + ", section \"" + section + "\", line " + (i + 1) + "]",
					List.copyOf(classes)));
		}
		return lines;
	}

	private static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean code = false;
		String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
		for (char c : inner.toCharArray()) {
			if (c == '`') {
				code = !code;
			}
			if (c == '|' && !code) {
				cells.add(cell.toString().strip());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		cells.add(cell.toString().strip());
		return cells;
	}

	private static List<String> backticked(String text) {
		List<String> values = new ArrayList<>();
		Matcher matcher = BACKTICKED.matcher(text);
		while (matcher.find()) {
			values.add(matcher.group(1));
		}
		return values;
	}

	record Row(String section, int line, String kind, String wire, List<String> implementedBy) {

		@Override
		public String toString() {
			return "[" + DOCUMENT + ", section \"" + this.section + "\", line " + this.line + "] " + this.kind + " `"
					+ this.wire + "`";
		}

	}

	record ImplementedBy(String where, List<String> classes) {
	}

	/** The main sources of every module, by file name without ".java", and their code without comments. */
	static final class Sources {

		private static final Map<Path, String> CODE = new HashMap<>();

		private Sources() {
		}

		static Map<String, List<Path>> index(Path root) throws IOException {
			Map<String, List<Path>> index = new HashMap<>();
			try (Stream<Path> files = Files.walk(root)) {
				files.filter((file) -> file.toString().endsWith(".java"))
					.filter((file) -> {
						String path = root.relativize(file).toString().replace('\\', '/');
						return path.contains("/src/main/java/") && !path.contains("/target/") && !path.startsWith(".");
					})
					.forEach((file) -> index
						.computeIfAbsent(file.getFileName().toString().replaceFirst("\\.java$", ""), (name) -> new ArrayList<>())
						.add(file));
			}
			return index;
		}

		static synchronized String code(Path file) {
			return CODE.computeIfAbsent(file, (path) -> {
				try {
					String text = Files.readString(path);
					// .properties and .yaml: without their comment lines
					return path.toString().endsWith(".java") ? withoutComments(text)
							: text.lines().filter((line) -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}

		/** Java source without its comments; string, text-block and char literals kept as they are. */
		static String withoutComments(String source) {
			StringBuilder code = new StringBuilder(source.length());
			int i = 0;
			int n = source.length();
			while (i < n) {
				char c = source.charAt(i);
				if (source.startsWith("//", i)) {
					while (i < n && source.charAt(i) != '\n') {
						i++;
					}
				}
				else if (source.startsWith("/*", i)) {
					int end = source.indexOf("*/", i + 2);
					i = (end < 0) ? n : end + 2;
					code.append(' ');
				}
				else if (source.startsWith("\"\"\"", i)) {
					int end = source.indexOf("\"\"\"", i + 3);
					end = (end < 0) ? n : end + 3;
					code.append(source, i, end);
					i = end;
				}
				else if (c == '"' || c == '\'') {
					int j = i + 1;
					while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
						j += (source.charAt(j) == '\\') ? 2 : 1;
					}
					j = Math.min(n, j + 1);
					code.append(source, i, j);
					i = j;
				}
				else {
					code.append(c);
					i++;
				}
			}
			return code.toString();
		}

	}

}
