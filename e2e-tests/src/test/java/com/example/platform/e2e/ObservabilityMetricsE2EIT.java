package com.example.platform.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.platform.e2e.GatewayClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards and alert rules in {@code infra/observability} query only metrics that the running services
 * expose: every metric name in every PromQL expression is looked up in what the four services answer on
 * {@code /actuator/prometheus} after some traffic (an order placed, one rejected, a 404). Also checks that the
 * latency histograms carry trace-id exemplars, which the Prometheus data source links to Tempo.
 */
class ObservabilityMetricsE2EIT {

	private static final List<String> SERVICES = List.of("gateway", "customer-service", "order-service",
			"notification-service");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	/** PromQL words that are not metric names (functions are recognised by the parenthesis that follows). */
	private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "offset", "bool", "and", "or", "unless", "inf", "nan", "atan2");

	private static RunningPlatform platform;

	private static Map<String, Set<String>> exposedByService;

	/** Label names of each exposed metric (over all services). */
	private static Map<String, Set<String>> labelsByMetric;

	/** Labels Prometheus adds to every scraped series (not in the exposition). */
	private static final Set<String> TARGET_LABELS = Set.of("instance", "job", "pod", "namespace");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	@BeforeAll
	static void startPlatformAndMakeTraffic() {
		platform = RunningPlatform.get();
		GatewayClient gateway = GatewayClient.asPlatformCli(platform);
		Response customer = gateway.post("/api/customers", "{\"name\": \"Metrics\", \"email\": \"metrics-"
				+ UUID.randomUUID() + "@example.com\", \"creditLimit\": 50}");
		assertThat(customer.status()).as(customer.text()).isEqualTo(201);
		String customerId = customer.field("id");
		Response confirmed = placeOrder(gateway, customerId, "10.00");
		Response rejected = placeOrder(gateway, customerId, "100.00");
		assertThat(confirmed.field("status")).isEqualTo("CONFIRMED");
		assertThat(rejected.field("status")).isEqualTo("REJECTED");
		assertThat(gateway.get("/api/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
		awaitNotification(gateway, confirmed.field("id"));
		exposedByService = new LinkedHashMap<>();
		labelsByMetric = new TreeMap<>();
		for (String service : SERVICES) {
			String exposition = scrape(service, "text/plain");
			exposedByService.put(service, metricNames(exposition));
			collectLabels(exposition, labelsByMetric);
		}
	}

	@Test
	void everyMetricADashboardOrAlertQueriesIsExposedByARunningService() throws IOException {
		Map<String, Set<String>> queriedBy = new TreeMap<>();
		List<String> expressions = new ArrayList<>();
		Path observability = repositoryRoot().resolve("infra/observability");
		try (Stream<Path> files = Files.walk(observability)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				List<String> found = new ArrayList<>();
				if (file.toString().endsWith(".json")) {
					collectExpressions(JsonMapper.builder().build().readTree(file.toFile()), found);
				}
				else if (file.getParent().getFileName().toString().equals("rules")) {
					collectRuleExpressions(file, found);
				}
				for (String expression : found) {
					expressions.add(expression);
					for (String metric : metricsIn(expression)) {
						queriedBy.computeIfAbsent(metric, (key) -> new TreeSet<>())
							.add(observability.relativize(file).toString());
					}
				}
			}
		}
		// what the services expose, for whoever writes the next dashboard
		Files.write(repositoryRoot().resolve("e2e-tests/target/e2e-logs/exposed-metrics.txt"),
				exposedByService.entrySet()
					.stream()
					.flatMap((entry) -> entry.getValue().stream().map((name) -> entry.getKey() + " " + name))
					.toList());
		assertThat(expressions).as("PromQL expressions in dashboards and alert rules").hasSizeGreaterThan(10);

		Set<String> exposed = new TreeSet<>();
		exposedByService.values().forEach(exposed::addAll);
		List<String> missing = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<String, Set<String>> metric : queriedBy.entrySet()) {
			if (exposed.contains(metric.getKey())) {
				checked++;
			}
			else {
				missing.add(metric.getKey() + " (queried by " + metric.getValue() + ")");
			}
		}
		System.out.printf("Observability metrics check: %d of %d metric names queried by %d expressions are exposed"
				+ " by the running services%n", checked, queriedBy.size(), expressions.size());
		assertThat(missing).as("metrics queried by dashboards/alerts that no running service exposes").isEmpty();
	}

	@Test
	void everyLabelAQueryFiltersOrGroupsByExistsOnItsMetric() throws IOException {
		List<String> problems = new ArrayList<>();
		int checked = 0;
		Path observability = repositoryRoot().resolve("infra/observability");
		List<String> expressions = new ArrayList<>();
		try (Stream<Path> files = Files.walk(observability)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
				if (file.toString().endsWith(".json")) {
					collectExpressions(JsonMapper.builder().build().readTree(file.toFile()), expressions);
				}
				else if (file.getParent().getFileName().toString().equals("rules")) {
					collectRuleExpressions(file, expressions);
				}
			}
		}
		for (String expression : expressions) {
			String withoutStrings = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
			// label matchers: metric{label="..."}
			Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}").matcher(withoutStrings);
			while (selector.find()) {
				Set<String> labels = labelsByMetric.get(selector.group(1));
				Matcher label = LABEL.matcher(selector.group(2));
				while (labels != null && label.find()) {
					checked++;
					if (!labels.contains(label.group(1)) && !TARGET_LABELS.contains(label.group(1))) {
						problems.add(selector.group(1) + " has no label " + label.group(1) + " (has " + labels + "): " + expression);
					}
				}
			}
			// grouping labels: by (a, b) must exist on one of the expression's metrics
			Set<String> available = new TreeSet<>(TARGET_LABELS);
			metricsIn(expression).forEach((metric) -> available.addAll(labelsByMetric.getOrDefault(metric, Set.of())));
			Matcher grouping = Pattern.compile("\\bby\\s*\\(([^)]*)\\)").matcher(withoutStrings);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",")) {
					if (label.isBlank()) {
						continue;
					}
					checked++;
					if (!available.contains(label.trim())) {
						problems.add("no metric of the expression has the label " + label.trim() + ": " + expression);
					}
				}
			}
		}
		System.out.printf("Observability labels check: %d label references checked, %d missing%n", checked,
				problems.size());
		assertThat(problems).as("labels queried by dashboards/alerts that the metrics do not have").isEmpty();
	}

	/** Label names per metric name, from the Prometheus text format. */
	private static void collectLabels(String exposition, Map<String, Set<String>> labelsByMetric) {
		exposition.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			String name = line.substring(0, (brace >= 0 && brace < space) ? brace : space);
			Set<String> labels = labelsByMetric.computeIfAbsent(name, (key) -> new TreeSet<>());
			if (brace >= 0 && brace < space) {
				Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		});
	}

	@Test
	void latencyHistogramsCarryTraceExemplarsForTheLinkToTempo() {
		String openMetrics = scrape("order-service", "application/openmetrics-text;version=1.0.0");
		assertThat(openMetrics.lines()
			.filter((line) -> line.startsWith("http_server_requests_seconds_bucket"))
			.filter((line) -> line.contains("# {") && line.contains("trace_id=\"")))
			.as("http_server_requests_seconds_bucket lines with a trace_id exemplar")
			.isNotEmpty();
	}

	/** Metric names of a PromQL expression: identifiers outside label matchers and ranges, not functions. */
	static Set<String> metricsIn(String expression) {
		String withoutStrings = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
		String outside = withoutStrings.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
		// grouping clauses name labels, not metrics
		outside = outside.replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> metrics = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(outside);
		while (matcher.find()) {
			String word = matcher.group();
			int next = matcher.end();
			while (next < outside.length() && Character.isWhitespace(outside.charAt(next))) {
				next++;
			}
			boolean function = next < outside.length() && outside.charAt(next) == '(';
			boolean variable = matcher.start() > 0 && outside.charAt(matcher.start() - 1) == '$';
			boolean number = matcher.start() > 0 && Character.isDigit(outside.charAt(matcher.start() - 1));
			if (!function && !variable && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
				metrics.add(word);
			}
		}
		return metrics;
	}

	private static void collectExpressions(JsonNode node, List<String> expressions) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (field.getKey().equals("expr") && field.getValue().isString()) {
					expressions.add(field.getValue().asString());
				}
				else if (field.getKey().equals("query") && field.getValue().isString()
						&& node.path("type").asString("").equals("query")) {
					// a template variable's query, e.g. label_values(http_server_requests_seconds_count, application)
					expressions.add(field.getValue().asString().replaceFirst("^label_values\\((.*),[^,]*\\)$", "$1"));
				}
				else {
					collectExpressions(field.getValue(), expressions);
				}
			}
		}
		else if (node.isArray()) {
			node.forEach((element) -> collectExpressions(element, expressions));
		}
	}

	@SuppressWarnings("unchecked")
	private static void collectRuleExpressions(Path file, List<String> expressions) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
			for (Object group : (List<Object>) document.get("groups")) {
				for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
					expressions.add(((Map<String, Object>) rule).get("expr").toString());
				}
			}
		}
	}

	private static Set<String> metricNames(String exposition) {
		Set<String> names = new TreeSet<>();
		exposition.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(names::add);
		return names;
	}

	private static String scrape(String service, String accept) {
		HttpClient client = HttpClient.newHttpClient();
		try {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(platform.managementUrl(service) + "/actuator/prometheus"))
						.header("Accept", accept)
						.timeout(Duration.ofSeconds(10))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(service + " /actuator/prometheus").isEqualTo(200);
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitNotification(GatewayClient gateway, String orderId) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (Instant.now().isBefore(deadline)) {
			Response response = gateway.get("/api/notifications?orderId=" + orderId);
			if (response.status() == 200 && !response.json().isEmpty()) {
				return;
			}
			RunningPlatform.sleep(200);
		}
		throw new AssertionError("no notification for order " + orderId);
	}

	/** Sent once: a 5xx right after startup is a finding (a service ready before it can serve), not noise. */
	private static Response placeOrder(GatewayClient gateway, String customerId, String unitPrice) {
		Response response = gateway.post("/api/orders", order(customerId, unitPrice));
		assertThat(response.status()).as(response.text()).isEqualTo(201);
		return response;
	}

	private static String order(String customerId, String unitPrice) {
		return "{\"customerId\": \"" + customerId + "\", \"items\": [{\"sku\": \"M-1\", \"quantity\": 1, \"unitPrice\": "
				+ unitPrice + "}]}";
	}

	private static Path repositoryRoot() {
		return Path.of(System.getProperty("platform.repository.root", "..")).toAbsolutePath().normalize();
	}

}
