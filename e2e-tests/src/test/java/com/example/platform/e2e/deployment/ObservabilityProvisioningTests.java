package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observability configuration in {@code infra/observability} is complete and wired, statically: compose mounts
 * it into otel-lgtm, the Kubernetes component packs every dashboard, the dashboards use the provisioned data source,
 * and the data sources link metrics to traces (exemplars) and traces to logs. That the queried metrics exist is
 * checked against running services by {@code ObservabilityMetricsE2EIT}.
 */
class ObservabilityProvisioningTests {

	private static final Path ROOT = Path.of(System.getProperty("platform.repository.root", "..")).toAbsolutePath()
		.normalize();

	private static final Path OBSERVABILITY = ROOT.resolve("infra/observability");

	@Test
	void composeMountsTheObservabilityConfigurationIntoOtelLgtm() {
		Map<String, Object> compose = yaml(ROOT.resolve("infra/compose/infrastructure.yaml"));
		Map<String, Object> observability = map(map(compose.get("services")).get("observability"));
		assertThat(Objects.toString(observability.get("image"), "")).startsWith("grafana/otel-lgtm:");
		Set<String> mounted = new TreeSet<>();
		List<String> problems = new ArrayList<>();
		for (Object volume : list(observability.get("volumes"))) {
			String[] parts = volume.toString().split(":");
			Path source = ROOT.resolve("infra/compose").resolve(parts[0]).normalize();
			if (!Files.exists(source)) {
				problems.add("mounted " + parts[0] + " does not exist (" + source + ")");
			}
			mounted.add(parts[1]);
		}
		assertThat(problems).isEmpty();
		assertThat(mounted).contains("/otel-lgtm/prometheus.yaml", "/otel-lgtm/platform-rules",
				"/otel-lgtm/platform-dashboards",
				"/otel-lgtm/grafana/conf/provisioning/datasources/grafana-datasources.yaml",
				"/otel-lgtm/grafana/conf/provisioning/dashboards/platform-dashboards.yaml");
		Map<String, Object> prometheus = yaml(OBSERVABILITY.resolve("prometheus/prometheus-compose.yaml"));
		assertThat(list(prometheus.get("rule_files")).stream().map(Object::toString).toList())
			.contains("/otel-lgtm/platform-rules/*.yaml");
		Set<String> targets = new TreeSet<>();
		for (Object job : list(prometheus.get("scrape_configs"))) {
			assertThat(map(job).get("metrics_path")).isEqualTo("/actuator/prometheus");
			list(map(job).get("static_configs")).forEach((config) -> list(map(config).get("targets"))
				.forEach((target) -> targets.add(target.toString())));
		}
		// Every service platform.yaml declares (gateway:8180, customer-service:8181, ..., auth-server:9100)
		assertThat(targets).as("every service scraped on its management port").containsExactlyInAnyOrderElementsOf(
				DeclaredServices.managementPorts(ROOT).entrySet().stream().map((e) -> e.getKey() + ":" + e.getValue()).toList());
	}

	@Test
	void theKubernetesComponentPacksEveryDashboardAndRuleFile() throws IOException {
		String kustomization = Files.readString(OBSERVABILITY.resolve("kustomization.yaml"));
		List<String> missing = new ArrayList<>();
		for (Path file : files("grafana/dashboards", ".json")) {
			if (!kustomization.contains("grafana/dashboards/" + file.getFileName())) {
				missing.add(file.getFileName().toString());
			}
		}
		for (Path file : files("prometheus/rules", ".yaml")) {
			if (!kustomization.contains("prometheus/rules/" + file.getFileName())) {
				missing.add(file.getFileName().toString());
			}
		}
		assertThat(missing).as("files infra/observability/kustomization.yaml does not put in a ConfigMap").isEmpty();
	}

	@Test
	void dashboardsUseTheProvisionedPrometheusAndHaveUniqueIds() {
		Map<String, Object> datasources = yaml(OBSERVABILITY.resolve("grafana/provisioning/datasources/datasources.yaml"));
		Set<String> uids = new HashSet<>();
		list(datasources.get("datasources")).forEach((ds) -> uids.add(map(ds).get("uid").toString()));
		Set<String> dashboardUids = new HashSet<>();
		List<String> problems = new ArrayList<>();
		List<Path> dashboards = files("grafana/dashboards", ".json");
		assertThat(dashboards).hasSizeGreaterThanOrEqualTo(4);
		int panels = 0;
		for (Path file : dashboards) {
			JsonNode dashboard = JsonMapper.builder().build().readTree(file.toFile());
			if (!dashboardUids.add(dashboard.path("uid").asString(""))) {
				problems.add(file.getFileName() + ": uid missing or not unique");
			}
			for (JsonNode panel : dashboard.path("panels")) {
				panels++;
				String uid = panel.path("datasource").path("uid").asString("");
				if (!uids.contains(uid)) {
					problems.add(file.getFileName() + " panel '" + panel.path("title").asString() + "': data source uid '"
							+ uid + "' is not provisioned " + uids);
				}
				if (panel.path("targets").isEmpty()) {
					problems.add(file.getFileName() + " panel '" + panel.path("title").asString() + "' has no query");
				}
			}
		}
		System.out.printf("observability: %d dashboards, %d panels%n", dashboards.size(), panels);
		assertThat(problems).isEmpty();
	}

	@Test
	void metricsLinkToTracesAndTracesToLogs() {
		Map<String, Object> datasources = yaml(OBSERVABILITY.resolve("grafana/provisioning/datasources/datasources.yaml"));
		Map<String, Map<String, Object>> byUid = new java.util.HashMap<>();
		list(datasources.get("datasources")).forEach((ds) -> byUid.put(map(ds).get("uid").toString(), map(ds)));
		assertThat(byUid).containsKeys("prometheus", "tempo", "loki");
		Map<String, Object> exemplar = map(list(map(byUid.get("prometheus").get("jsonData"))
			.get("exemplarTraceIdDestinations")).get(0));
		// Micrometer names the exemplar label trace_id
		assertThat(exemplar).containsEntry("name", "trace_id").containsEntry("datasourceUid", "tempo");
		Map<String, Object> tracesToLogs = map(map(byUid.get("tempo").get("jsonData")).get("tracesToLogsV2"));
		assertThat(tracesToLogs).containsEntry("datasourceUid", "loki");
		Map<String, Object> logsToTraces = map(list(map(byUid.get("loki").get("jsonData")).get("derivedFields")).get(0));
		assertThat(logsToTraces).containsEntry("datasourceUid", "tempo");
	}

	private static List<Path> files(String folder, String suffix) {
		try (Stream<Path> files = Files.list(OBSERVABILITY.resolve(folder))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> yaml(Path file) {
		try {
			return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

}
