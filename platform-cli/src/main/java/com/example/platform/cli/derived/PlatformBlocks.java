package com.example.platform.cli.derived;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import com.example.platform.cli.declaration.PlatformDeclaration;
import com.example.platform.cli.declaration.PublicRoute;
import com.example.platform.cli.declaration.ServiceDeclaration;

/**
 * Every block of the repository that is derived from platform.yaml, and how each is rendered. A file that lists the
 * services, their databases or their routes gets its list from here; what differs between services beyond the
 * declaration (a Deployment's probes, a compose service's environment) stays in the file, written once per service.
 */
final class PlatformBlocks {

	private static final String GATEWAY_YAML = "gateway/src/main/resources/application.yaml";

	private static final String AUTH_SERVER_YAML = "auth-server/src/main/resources/application.yaml";

	private static final String PROD = "infra/k8s/overlays/prod/";

	private static final String DEV_INFRA = "infra/k8s/components/dev-infra/";

	private PlatformBlocks() {
	}

	static List<DerivedBlock> all() {
		return List.of(
				block("pom.xml", "service modules", each(PlatformBlocks::services, "<module>%1$s</module>")),
				block("e2e-tests/pom.xml", "service modules", each(PlatformBlocks::services, """
						<dependency>
						  <groupId>${project.groupId}</groupId>
						  <artifactId>%1$s</artifactId>
						  <version>${project.version}</version>
						  <type>pom</type>
						  <scope>test</scope>
						</dependency>""")),
				block("infra/compose/postgres/init-databases.sql", "databases", PlatformBlocks::createDatabases),
				block(DEV_INFRA + "init-databases.sql", "databases", PlatformBlocks::createDatabases),
				block(DEV_INFRA + "kustomization.yaml", "database secrets", each(PlatformBlocks::withDatabase, """
						- name: %1$s-db-app
						  literals: [username=postgres, password=postgres]""")),
				block("infra/k8s/base/kustomization.yaml", "service manifests", each(PlatformBlocks::services, "- %1$s.yaml")),
				block(PROD + "pod-disruption-budgets.yaml", "pod disruption budgets", documents(PlatformBlocks::services, """
						apiVersion: policy/v1
						kind: PodDisruptionBudget
						metadata:
						  name: %1$s
						  labels:
						    app.kubernetes.io/name: %1$s
						spec:
						  maxUnavailable: 1
						  selector:
						    matchLabels:
						      app.kubernetes.io/name: %1$s""")),
				block(PROD + "horizontal-pod-autoscalers.yaml", "horizontal pod autoscalers", documents(PlatformBlocks::services, """
						apiVersion: autoscaling/v2
						kind: HorizontalPodAutoscaler
						metadata:
						  name: %1$s
						  labels:
						    app.kubernetes.io/name: %1$s
						spec:
						  scaleTargetRef:
						    apiVersion: apps/v1
						    kind: Deployment
						    name: %1$s
						  minReplicas: 2
						  maxReplicas: 6
						  metrics:
						    - type: Resource
						      resource:
						        name: cpu
						        target:
						          type: Utilization
						          averageUtilization: 70
						  behavior:
						    scaleDown:
						      stabilizationWindowSeconds: 300""")),
				block(PROD + "postgres.yaml", "database clusters", documents(PlatformBlocks::withDatabase, """
						apiVersion: postgresql.cnpg.io/v1
						kind: Cluster
						metadata:
						  name: %1$s-db
						spec:
						  instances: 3
						  imageName: ghcr.io/cloudnative-pg/postgresql:17
						  primaryUpdateStrategy: unsupervised
						  bootstrap:
						    initdb:
						      database: %2$s
						      owner: %2$s
						  storage:
						    size: 10Gi
						  resources:
						    requests:
						      cpu: 250m
						      memory: 512Mi
						    limits:
						      memory: 1Gi
						  inheritedMetadata:
						    labels:
						      # What the services' egress NetworkPolicy allows on 5432
						      platform.example.com/infrastructure: postgres
						  monitoring:
						    enablePodMonitor: false""")),
				block(PROD + "kustomization.yaml", "images", (declaration) -> declaration.images().stream()
					.flatMap((images) -> services(declaration).flatMap((service) -> Stream.of("- name: " + service.name(),
							"  newName: " + images.registry() + "/" + service.name(), "  newTag: " + images.tag())))
					.toList()),
				block(PROD + "kustomization.yaml", "infrastructure addresses", PlatformBlocks::prodInfrastructureAddresses),
				block(PROD + "kustomization.yaml", "service configurations", (declaration) -> List.of("name: \"("
						+ String.join("|", services(declaration).map(ServiceDeclaration::name).toList()) + ")-config\"")),
				block("infra/observability/prometheus/prometheus-compose.yaml", "scrape targets", (declaration) -> List.of(
						"- targets: [" + String.join(", ", services(declaration)
							.map((service) -> "\"" + service.name() + ":" + service.managementPort() + "\"").toList()) + "]")),
				block(GATEWAY_YAML, "routes", PlatformBlocks::gatewayRoutes),
				block(GATEWAY_YAML, "API document routes", each(PlatformBlocks::routed, """
						- id: %1$s-api-docs
						  uri: lb://%1$s
						  predicates:
						    - Path=/v3/api-docs/%1$s
						    - Method=GET
						  filters:
						    - SetPath=/v3/api-docs""")),
				block(GATEWAY_YAML, "API documents", each(PlatformBlocks::routed, """
						- name: %1$s
						  url: /v3/api-docs/%1$s""")),
				block(GATEWAY_YAML, "routed services", (declaration) -> List.of("clients: "
						+ String.join(",", routed(declaration).map(ServiceDeclaration::name).toList()))),
				block(GATEWAY_YAML, "routed services' addresses", each(PlatformBlocks::routed, """
						%1$s:
						  - uri: ${%3$s_URL:http://127.0.0.1:%4$d}""")),
				block(GATEWAY_YAML, "route scopes", PlatformBlocks::gatewayScopeRules),
				block("gateway/src/main/resources/application-kubernetes.yaml", "routed services' addresses",
						each(PlatformBlocks::routed, "%1$s: []")),
				block(AUTH_SERVER_YAML, "route scopes", (declaration) -> List.of(
						"scopes: [" + String.join(", ", routeScopes(declaration)) + "]")),
				block(AUTH_SERVER_YAML, "OpenID and route scopes", (declaration) -> List.of("scopes: ["
						+ String.join(", ", Stream.concat(Stream.of("openid", "profile"), routeScopes(declaration).stream()).toList())
						+ "]")),
				block("README.md", "services table", PlatformBlocks::servicesTable),
				block("gateway/README.md", "routes table", (declaration) -> Stream.concat(Stream.of(
						"| route id | path predicate | target | time budget (`metadata.response-timeout`) |", "|---|---|---|---|"),
						routed(declaration).map((service) -> "| `%1$s` | %2$s | `lb://%1$s` | %3$d ms (`%4$s_ROUTE_TIMEOUT_MS`) |"
							.formatted(service.name(), code(service.route().orElseThrow().pathPatterns()),
									service.route().orElseThrow().timeoutMillis(), environmentPrefix(service.name()))))
					.toList()),
				block("docs/security.md", "scopes table", (declaration) -> Stream.concat(Stream.of(
						"| route | GET, HEAD | POST, PUT, PATCH, DELETE |", "|---|---|---|"),
						routed(declaration).map((service) -> service.route().orElseThrow()).map((route) -> "| %s | `%s` | %s |"
							.formatted(code(route.pathPatterns()), route.readScope(), route.writeScope()
								.map((scope) -> "`" + scope + "`").orElse("403 whatever the token (read-only through the edge)"))))
					.toList()),
				block("tools/platform/token.sh", "route scopes", (declaration) -> List.of(
						"TOKEN_SCOPES=\"" + String.join(" ", routeScopes(declaration)) + "\"")));
	}

	/** Every scope the public routes name, in declaration order: what the platform's own clients are granted. */
	static List<String> routeScopes(PlatformDeclaration declaration) {
		return routed(declaration).flatMap((service) -> service.route().orElseThrow().scopes().stream()).distinct().toList();
	}

	private static String code(List<String> values) {
		return String.join(", ", values.stream().map((value) -> "`" + value + "`").toList());
	}

	private static DerivedBlock block(String path, String name, Function<PlatformDeclaration, List<String>> render) {
		return new DerivedBlock(path, name, render);
	}

	private static Stream<ServiceDeclaration> services(PlatformDeclaration declaration) {
		return declaration.services().stream();
	}

	private static Stream<ServiceDeclaration> withDatabase(PlatformDeclaration declaration) {
		return services(declaration).filter((service) -> service.database().isPresent());
	}

	private static Stream<ServiceDeclaration> routed(PlatformDeclaration declaration) {
		return services(declaration).filter((service) -> service.route().isPresent());
	}

	/**
	 * A template per service, its lines in order. In the template: %1$s the name, %2$s the database, %3$s the
	 * environment variables' prefix (CUSTOMER_SERVICE), %4$d the HTTP port.
	 */
	private static Function<PlatformDeclaration, List<String>> each(
			Function<PlatformDeclaration, Stream<ServiceDeclaration>> services, String template) {
		return (declaration) -> services.apply(declaration).flatMap((service) -> fill(template, service).lines()).toList();
	}

	/** Like {@link #each}, one YAML document per service. */
	private static Function<PlatformDeclaration, List<String>> documents(
			Function<PlatformDeclaration, Stream<ServiceDeclaration>> services, String template) {
		return (declaration) -> {
			List<String> lines = new ArrayList<>();
			services.apply(declaration).forEach((service) -> {
				if (!lines.isEmpty()) {
					lines.add("---");
				}
				fill(template, service).lines().forEach(lines::add);
			});
			return lines;
		};
	}

	private static String fill(String template, ServiceDeclaration service) {
		return template.formatted(service.name(), service.database().orElse(""), environmentPrefix(service.name()),
				service.httpPort());
	}

	static String environmentPrefix(String service) {
		return service.toUpperCase(Locale.ROOT).replace('-', '_');
	}

	private static List<String> createDatabases(PlatformDeclaration declaration) {
		return withDatabase(declaration).map((service) -> "CREATE DATABASE " + service.database().orElseThrow() + ";").toList();
	}

	private static List<String> prodInfrastructureAddresses(PlatformDeclaration declaration) {
		List<String> lines = new ArrayList<>();
		services(declaration).filter((service) -> service.database().isPresent() || service.usesKafka()).forEach((service) -> {
			lines.add("- target:");
			lines.add("    kind: ConfigMap");
			lines.add("    name: " + service.name() + "-config");
			lines.add("  patch: |-");
			service.database().ifPresent((database) -> {
				lines.add("    - op: replace");
				lines.add("      path: /data/DB_URL");
				lines.add("      value: jdbc:postgresql://" + service.name() + "-db-rw:5432/" + database);
			});
			if (service.usesKafka()) {
				lines.add("    - op: replace");
				lines.add("      path: /data/KAFKA_BOOTSTRAP_SERVERS");
				lines.add("      value: platform-kafka-kafka-bootstrap:9092");
			}
		});
		return lines;
	}

	private static List<String> servicesTable(PlatformDeclaration declaration) {
		List<String> lines = new ArrayList<>(List.of(
				"| service | what it does | database | public API (gateway) | calls | publishes | consumes | ports |",
				"|---|---|---|---|---|---|---|---|"));
		services(declaration).forEach((service) -> lines.add("| [%1$s](%1$s/README.md) | %2$s | %3$s | %4$s | %5$s | %6$s | %7$s | %8$s |"
			.formatted(service.name(), service.description(), service.database().map((db) -> "`" + db + "`").orElse(""),
					service.route().map((route) -> code(route.paths())).orElse(""), String.join(", ", service.calls()),
					code(service.publishes()), code(service.consumes()),
					service.httpPort() + ", management " + service.managementPort()
							+ (service.grpcPort().isPresent() ? ", gRPC " + service.grpcPort().getAsInt() : ""))
			.replaceAll("\\|  (?=\\|)", "| ")));
		return lines;
	}

	private static List<String> gatewayRoutes(PlatformDeclaration declaration) {
		return routed(declaration).flatMap((service) -> {
			PublicRoute route = service.route().orElseThrow();
			return """
					- id: %1$s
					  uri: lb://%1$s
					  predicates:
					    - Path=%2$s
					  metadata:
					    response-timeout: ${%3$s_ROUTE_TIMEOUT_MS:%4$d}
					  filters:
					    - name: CircuitBreaker
					      args:
					        name: %1$s
					        fallbackUri: forward:/fallback/%1$s
					    # GET only, on a connection failure or 502: never a POST, never after a timeout or a 503 (load shedding)
					    - name: Retry
					      args:
					        retries: 2
					        methods: GET
					        statuses: BAD_GATEWAY
					        # Empty: the filter's default series (SERVER_ERROR) would retry every 5xx, 503 and 504 included
					        series: []
					        exceptions: java.net.ConnectException
					        backoff:
					          firstBackoff: 50ms
					          maxBackoff: 500ms
					          factor: 2
					          basedOnPreviousValue: false"""
				.formatted(service.name(), String.join(",", route.pathPatterns()), environmentPrefix(service.name()),
						route.timeoutMillis())
				.lines();
		}).toList();
	}

	private static List<String> gatewayScopeRules(PlatformDeclaration declaration) {
		return routed(declaration).flatMap((service) -> {
			PublicRoute route = service.route().orElseThrow();
			String paths = "paths: [" + String.join(", ", route.pathPatterns()) + "]";
			return Stream.of("- { methods: [GET, HEAD], " + paths + ", scope: " + route.readScope() + " }",
					"- { " + paths + route.writeScope().map((scope) -> ", scope: " + scope).orElse(", deny: true") + " }");
		}).toList();
	}

}
