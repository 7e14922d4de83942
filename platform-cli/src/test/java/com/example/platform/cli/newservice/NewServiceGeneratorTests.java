package com.example.platform.cli.newservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.platform.cli.declaration.PlatformDeclaration;
import com.example.platform.cli.declaration.ServiceDeclaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The generator on a fixture of this repository's files: its refusals, and the edit it makes to each file. */
class NewServiceGeneratorTests {

	// Files that hold blocks derived from platform.yaml (DerivedFiles), which the generator rewrites
	private static final String COMPOSE_INIT_SQL = "infra/compose/postgres/init-databases.sql";

	private static final String DEV_INIT_SQL = "infra/k8s/components/dev-infra/init-databases.sql";

	private static final String DEV_KUSTOMIZATION = "infra/k8s/components/dev-infra/kustomization.yaml";

	private static final String PROD_POSTGRES = "infra/k8s/overlays/prod/postgres.yaml";

	private static final String GATEWAY_YAML = "gateway/src/main/resources/application.yaml";

	private static final String GATEWAY_KUBERNETES_YAML = "gateway/src/main/resources/application-kubernetes.yaml";

	private static final String AUTH_SERVER_YAML = "auth-server/src/main/resources/application.yaml";

	private static final String TOKEN_SH = "tools/platform/token.sh";

	private static final String PROMETHEUS = "infra/observability/prometheus/prometheus-compose.yaml";

	private static final String K8S_KUSTOMIZATION = "infra/k8s/base/kustomization.yaml";

	private static final String PROD_PDB = "infra/k8s/overlays/prod/pod-disruption-budgets.yaml";

	private static final String PROD_HPA = "infra/k8s/overlays/prod/horizontal-pod-autoscalers.yaml";

	private static final String ROOT_POM = "pom.xml";


	@TempDir
	Path directory;

	Path root;

	@BeforeEach
	void fixture() throws IOException {
		this.root = NewServiceFixture.create(this.directory);
	}

	// --- refusals: one clear message each, nothing written

	@Test
	void anInvalidNameIsRefused() {
		assertThat(refusal("Inventory_Service")).singleElement().asString()
			.startsWith("'Inventory_Service' is not a valid service name: lower-case letters and digits, words joined by"
					+ " single hyphens");
		assertThat(refusal("inventory--service")).singleElement().asString().contains("not a valid service name");
	}

	@Test
	void aNameGivingAJavaKeywordAsPackageIsRefused() {
		assertThat(refusal("new-service")).singleElement().asString()
			.isEqualTo("'new-service' would give the package com.example.platform.new, and 'new' is a Java keyword:"
					+ " choose another name");
	}

	@Test
	void anExistingServiceOrModuleIsRefused() throws IOException {
		assertThat(refusal("customer-service")).containsExactly(
				"a service named customer-service is already declared in platform.yaml",
				"the directory customer-service/ exists already: a module (or something else) has that name");
		Files.createDirectories(this.root.resolve("billing-service"));
		assertThat(refusal("billing-service")).containsExactly(
				"the directory billing-service/ exists already: a module (or something else) has that name");
	}

	@Test
	void aPortAlreadyTakenIsRefusedNamingItsOwner() {
		assertThat(refusal("widget-service", "--http-port", "8081", "--management-port", "9092")).containsExactly(
				"port 8081 (--http-port) is taken by customer-service http-port in platform.yaml: choose another with"
						+ " --http-port",
				"port 9092 (--management-port) is taken by kafka port in platform.yaml: choose another with"
						+ " --management-port");
	}

	@Test
	void aCallToAnUndeclaredServiceIsRefused() {
		assertThat(refusal("widget-service", "--calls", "billing-service")).singleElement().asString()
			.startsWith("--calls billing-service: not a declared service (platform.yaml declares auth-server,"
					+ " customer-service, order-service, notification-service, gateway");
	}

	@Test
	void aCallThatClosesACycleIsRefusedWithThePath() {
		assertThat(refusal("widget-service", "--calls", "gateway", "--route", "/api/widgets")).singleElement()
			.asString()
			.isEqualTo("platform.yaml would become invalid: calls form a cycle: gateway -> widget-service -> gateway"
					+ " (the services' calls must form a DAG; break it with an event or by moving the logic)");
		assertThat(refusal("widget-service", "--calls", "widget-service")).singleElement().asString()
			.isEqualTo("--calls widget-service: a service calling itself is a cycle in the calls");
	}

	@Test
	void wrongOptionsAreRefusedTogether() {
		assertThat(refusal("widget-service", "--no-database", "--consumes", "platform.order.events.v1", "--colour",
				"--scope", "Inventory", "--http-port", "99999")).containsExactly(
						"unknown option --colour (./platform new-service --help lists them)",
						"--http-port 99999: not a port number (1-65535)",
						"scope 'Inventory': lower-case words joined by dots or hyphens, e.g. inventory (the service then"
								+ " needs inventory.read and inventory.write)",
						"--scope needs --route: the scope guards the public route",
						"--consumes needs the database: a consumer stores the ids of the events it processed in the same"
								+ " transaction as their effect (drop --no-database)");
	}

	@Test
	void aMissingAnchorIsRefusedNamingTheFile() throws IOException {
		Path compose = this.root.resolve(ServiceWiring.COMPOSE);
		Files.writeString(compose, Files.readString(compose).replace("  auth-server:\n", "  issuer:\n"));
		assertThat(refusal("widget-service")).singleElement().asString()
			.startsWith("docker-compose.yml: cannot find the compose service 'auth-server:' (new services are added"
					+ " before it) (the anchor the command edits at)");
	}

	@Test
	void theCommandWritesNothingWhenItRefuses() throws IOException {
		Map<Path, String> before = snapshot();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = NewServiceCommand.run(List.of(this.root.resolve("platform.yaml").toString(), "widget-service",
				"--calls", "billing-service"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
		assertThat(status).isEqualTo(1);
		assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("new-service refused, nothing was written:\n"
				+ "  --calls billing-service: not a declared service");
		assertThat(snapshot()).isEqualTo(before);
	}

	// --- the edits

	@Test
	void declaresTheServiceInPlatformYamlKeepingItsComments() throws IOException {
		String before = read("platform.yaml");
		String after = changed(plan("widget-service", "--consumes", "platform.order.events.v1", "--calls",
				"customer-service", "--route", "/api/widgets", "--description", "stock per product"), "platform.yaml");
		PlatformDeclaration declaration = PlatformDeclaration.parse(after);
		ServiceDeclaration inventory = declaration.service("widget-service").orElseThrow();
		assertThat(inventory.httpPort()).isEqualTo(8097);
		assertThat(inventory.managementPort()).isEqualTo(8197);
		assertThat(inventory.database()).contains("widget_service");
		assertThat(inventory.calls()).containsExactly("customer-service", "auth-server");
		assertThat(inventory.consumes()).containsExactly("platform.order.events.v1");
		assertThat(declaration.service("gateway").orElseThrow().calls()).contains("widget-service");
		assertThat(after).contains("""


				  widget-service:
				    # Generated by ./platform new-service; public route /api/widgets
				    description: stock per product
				""");
		// Every comment stays, except the start order it shows, which now has the new service
		assertThat(comments(after)).containsAll(comments(before).stream()
			.filter((line) -> !line.startsWith("#   auth-server customer-service"))
			.toList());
		assertThat(after).containsPattern("#   auth-server customer-service order-service notification-service"
				+ " [a-z -]*widget-service gateway\n");
	}

	@Test
	void everyChangedFileKeepsItsComments() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--consumes", "platform.order.events.v1", "--calls",
				"customer-service", "--route", "/api/widgets", "--grpc");
		assertThat(plan.changed().keySet()).containsExactlyInAnyOrderElementsOf(NewServiceFixture.FILES);
		for (Map.Entry<String, String> file : plan.changed().entrySet()) {
			if (!file.getKey().equals("platform.yaml")) {
				assertThat(comments(file.getValue())).as(file.getKey()).containsAll(comments(read(file.getKey())));
			}
		}
	}

	@Test
	void addsTheModuleAfterTheDeclaredOnes() throws IOException {
		assertThat(changed(plan("widget-service"), "pom.xml"))
			.contains("    <module>gateway</module>\n", "    <module>widget-service</module>\n    <!-- [end of service modules]");
	}

	@Test
	void composeRunsItLikeTheOthersAndTheGatewayFindsIt() throws IOException {
		String compose = changed(plan("widget-service", "--consumes", "platform.order.events.v1", "--calls",
				"customer-service", "--route", "/api/widgets"), ServiceWiring.COMPOSE);
		assertThat(compose).contains("""
				  widget-service:
				    # Generated by ./platform new-service
				    image: widget-service
				    build:
				      context: .
				      dockerfile: infra/docker/Dockerfile
				      args:
				        SERVICE: widget-service
				""", """
				      DB_URL: jdbc:postgresql://postgres:5432/widget_service
				""", "      KAFKA_BOOTSTRAP_SERVERS: kafka:9092\n", "      CUSTOMER_SERVICE_URL: http://customer-service:8081\n",
				"exec 3<>/dev/tcp/127.0.0.1/8097", "      WIDGET_SERVICE_URL: http://widget-service:8097\n",
				"""
						        condition: service_healthy
						      widget-service:
						        condition: service_healthy
						    healthcheck:
						""");
		// Its actuator is published on the loopback interface, on its own number, like the others' (./platform replay)
		java.util.regex.Matcher management = java.util.regex.Pattern.compile("MANAGEMENT_PORT: \"(\\d+)\"")
			.matcher(compose.substring(compose.indexOf("\n  widget-service:\n")));
		assertThat(management.find()).isTrue();
		assertThat(compose).contains("    ports:\n", "      - \"127.0.0.1:" + management.group(1) + ":" + management.group(1) + "\"\n");
		assertThat(compose.lastIndexOf("      widget-service:\n")).isGreaterThan(compose.indexOf("\n  gateway:\n"));
		assertThat(compose.indexOf("\n  widget-service:\n")).isLessThan(compose.indexOf("\n  auth-server:\n"));
	}

	@Test
	void withoutADatabaseNoDatabaseIsCreatedOrConfigured() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--no-database");
		assertThat(plan.changed()).doesNotContainKeys(COMPOSE_INIT_SQL, DEV_INIT_SQL,
				DEV_KUSTOMIZATION, PROD_POSTGRES, GATEWAY_YAML);
		assertThat(changed(plan, ServiceWiring.COMPOSE)).doesNotContain("widget_service");
		assertThat(plan.created()).containsKey(
				"widget-service/src/main/java/com/example/platform/widget/info/InfoController.java");
		assertThat(plan.created().keySet()).noneMatch((path) -> path.contains("db/migration"));
		assertThat(plan.created().get("widget-service/pom.xml")).doesNotContain("spring-boot-starter-jdbc",
				"spring-boot-starter-kafka");
	}

	@Test
	void createsItsDatabaseWhereverDatabasesAreListed() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service");
		assertThat(changed(plan, COMPOSE_INIT_SQL))
			.contains("CREATE DATABASE notification_service;\n", "CREATE DATABASE widget_service;\n-- [end of databases]");
		assertThat(changed(plan, DEV_INIT_SQL)).contains("CREATE DATABASE widget_service;\n-- [end of databases]");
		assertThat(changed(plan, DEV_KUSTOMIZATION)).contains(
				"  - name: widget-service-db-app\n    literals: [username=postgres, password=postgres]\n"
						+ "  # [end of database secrets]\n");
		assertThat(changed(plan, PROD_POSTGRES)).contains("  name: widget-service-db\n",
				"      database: widget_service\n");
		assertThat(changed(plan, "infra/k8s/overlays/prod/kustomization.yaml")).contains(
				"value: jdbc:postgresql://widget-service-db-rw:5432/widget_service",
				"newName: registry.example.com/platform/widget-service",
				"|widget-service)-config\"");
	}

	@Test
	void kubernetesGetsItsManifestAndNetworkPoliciesForEachEdge() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--calls", "customer-service", "--route",
				"/api/widgets", "--consumes", "platform.order.events.v1");
		assertThat(plan.created().get("infra/k8s/base/widget-service.yaml")).contains("kind: Deployment",
				"  name: widget-service-config", "  DB_URL: jdbc:postgresql://postgres:5432/widget_service",
				"  CUSTOMER_SERVICE_URL: http://customer-service:8081", "containerPort: 8097", "containerPort: 8197",
				"name: widget-service-db-app");
		assertThat(changed(plan, K8S_KUSTOMIZATION))
			.contains("  - gateway.yaml\n", "  - widget-service.yaml\n  # [end of service manifests]\n");
		String edges = changed(plan, ServiceWiring.SERVICE_EDGES);
		assertThat(edges).contains("  name: widget-service-ingress\n", """
				    # widget-service -> customer-service (REST; generated by ./platform new-service)
				    - from:
				        - podSelector:
				            matchLabels:
				              app.kubernetes.io/name: widget-service
				""");
		String egress = changed(plan, ServiceWiring.EGRESS);
		assertThat(egress).contains("  name: widget-service-egress\n",
				"values: [customer-service, order-service, notification-service, ", ", widget-service]");
		assertThat(changed(plan, PROD_PDB)).contains("kind: PodDisruptionBudget\nmetadata:\n  name: widget-service\n");
		assertThat(changed(plan, PROD_HPA)).contains("    name: widget-service\n  minReplicas: 2\n");
	}

	@Test
	void aRouteGoesThroughTheGatewayWithItsScopes() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--route", "/api/widgets:stock");
		String gateway = changed(plan, GATEWAY_YAML);
		assertThat(gateway).contains("""
				            - id: widget-service
				              uri: lb://widget-service
				              predicates:
				                - Path=/api/widgets,/api/widgets/**
				""", "response-timeout: ${WIDGET_SERVICE_ROUTE_TIMEOUT_MS:5000}",
				"clients: customer-service,order-service,notification-service,", ",widget-service\n",
				"              - uri: ${WIDGET_SERVICE_URL:http://127.0.0.1:8097}\n",
				"      - { methods: [GET, HEAD], paths: [/api/widgets, /api/widgets/**], scope: stock.read }\n"
						+ "      - { paths: [/api/widgets, /api/widgets/**], scope: stock.write }\n");
		assertThat(changed(plan, "platform.yaml")).contains("calls: [customer-service, order-service, notification-service, ", ", widget-service, auth-server]");
		assertThat(gateway.indexOf("- id: widget-service")).isLessThan(gateway.indexOf("          httpclient:"));
		assertThat(changed(plan, GATEWAY_KUBERNETES_YAML)).contains("            widget-service: []\n");
		assertThat(changed(plan, AUTH_SERVER_YAML)).contains("notifications.read, ", ", stock.read, stock.write]\n");
		assertThat(changed(plan, TOKEN_SH)).contains(" stock.read stock.write\"\n");
		assertThat(plan.created().get("widget-service/src/main/resources/application.yaml")).contains("""
				      - methods: [GET, HEAD]
				        paths: [/api/widgets, /api/widgets/**]
				        scope: stock.read
				""");
	}

	@Test
	void prometheusScrapesItAndTheReadmeListsIt() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--http-port", "8090", "--description", "stock");
		assertThat(changed(plan, PROMETHEUS)).contains("\"gateway:8180\", ", ", \"widget-service:8190\"]");
		assertThat(changed(plan, "README.md")).contains(
				"| [widget-service](widget-service/README.md) | stock | `widget_service` | | auth-server | | | 8090, management 8190 |\n"
						+ "<!-- [end of services table]");
	}

	@Test
	void portsDefaultToTheNextFreeOnesOfThePattern() throws IOException {
		// The next after the highest declared 808x port (8083 in the template: 8084, 8184, 9084)
		int next = PlatformDeclaration.parse(Files.readString(this.root.resolve("platform.yaml"))).services().stream()
			.mapToInt(ServiceDeclaration::httpPort)
			.filter((port) -> port > 8080 && port < 8100)
			.max()
			.orElseThrow() + 1;
		assertThat(platformEntry(plan("widget-service", "--grpc", "--default-ports"))).contains("http-port: " + next,
				"management-port: " + (next + 100), "grpc-port: " + (next + 1000));
		assertThat(platformEntry(plan("widget-service", "--http-port", "8095"))).contains("http-port: 8095",
				"management-port: 8195");
	}

	@Test
	void grpcAddsAVersionedProtoAndAServiceImplementation() throws IOException {
		NewServiceGenerator.Plan plan = plan("stock-level-service", "--grpc");
		assertThat(plan.created().get("contracts/src/main/proto/platform/stocklevel/v1/stock_level_service.proto"))
			.contains("package platform.stocklevel.v1;",
					"option java_package = \"com.example.platform.contracts.stocklevel.v1\";", "service StockLevelService {");
		assertThat(plan.created()).containsKey(
				"stock-level-service/src/main/java/com/example/platform/stocklevel/grpc/StockLevelGrpcService.java");
		assertThat(plan.created().get("stock-level-service/src/main/resources/application.yaml"))
			.contains("port: ${GRPC_PORT:9097}");
		assertThat(plan.created().get("infra/k8s/base/stock-level-service.yaml")).contains("- name: grpc\n");
	}

	@Test
	void aConsumerIsIdempotentInThePlatformsPattern() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--consumes", "platform.order.events.v1");
		String base = "widget-service/src/main/java/com/example/platform/widget/orderevents/";
		assertThat(plan.created().get(base + "OrderEventsListener.java")).contains(
				"@KafkaListener(id = \"order-events\", topics = TOPIC, groupId = GROUP_ID",
				"static final String TOPIC = \"platform.order.events.v1\";");
		assertThat(plan.created().get(base + "OrderEventsService.java")).contains("@Transactional",
				"if (!this.repository.markProcessed(event))");
		assertThat(plan.created().get("widget-service/src/main/resources/db/migration/V2__order_events_processed_events.sql"))
			.contains("CREATE TABLE processed_order_events_event (");
		assertThat(plan.created().get("widget-service/pom.xml")).contains("platform-kafka-spring-boot-starter");
	}

	@Test
	void aRestClientIsAnHttpServiceGroupNamedLikeTheCalledService() throws IOException {
		NewServiceGenerator.Plan plan = plan("widget-service", "--calls", "customer-service");
		String base = "widget-service/src/main/java/com/example/platform/widget/customer/";
		assertThat(plan.created().get(base + "CustomerServiceClientConfiguration.java")).contains(
				"@ImportHttpServices(group = CustomerServiceClientConfiguration.GROUP, types = CustomerServiceApi.class)",
				"static final String GROUP = \"customer-service\";");
		assertThat(plan.created()).containsKeys(base + "CustomerServiceApi.java", base + "CustomerServiceClient.java");
		assertThat(plan.created().get("widget-service/src/main/resources/application.yaml")).contains("""
				      customer-service:
				        base-url: ${CUSTOMER_SERVICE_URL:http://127.0.0.1:8081}
				""").doesNotContain("calls:");
		assertThat(changed(plan, "platform.yaml")).contains("    calls: [customer-service, auth-server]\n");
	}

	@Test
	void theRouteSyntaxesAndTheirScope() {
		NewServiceOptions combined = NewServiceOptions.parse(List.of("x-service", "--route=/api/things:stuff"));
		assertThat(combined.route()).contains("/api/things");
		assertThat(combined.scope()).contains("stuff");
		assertThat(NewServiceOptions.parse(List.of("x-service", "--route", "/api/things/**")).route()).contains("/api/things");
	}

	// --- helpers

	private List<String> refusal(String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		return assertThatExceptionOfType(NewServiceException.class)
			.isThrownBy(() -> NewServiceGenerator.plan(this.root, NewServiceOptions.parse(arguments)))
			.actual()
			.problems();
	}

	/** With --http-port 8097 unless the arguments give one: ports added to the repository do not change the results. */
	private NewServiceGenerator.Plan plan(String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		if (!arguments.contains("--http-port") && !arguments.contains("--default-ports")) {
			arguments.addAll(List.of("--http-port", "8097"));
		}
		arguments.remove("--default-ports");
		return NewServiceGenerator.plan(this.root, NewServiceOptions.parse(arguments));
	}

	private static String changed(NewServiceGenerator.Plan plan, String file) {
		assertThat(plan.changed()).containsKey(file);
		return plan.changed().get(file);
	}

	private static String platformEntry(NewServiceGenerator.Plan plan) {
		String yaml = plan.changed().get("platform.yaml");
		int start = yaml.indexOf("\n  widget-service:\n");
		return yaml.substring(start, yaml.indexOf("\n\n", start));
	}

	private String read(String file) throws IOException {
		return Files.readString(this.root.resolve(file));
	}

	private static List<String> comments(String text) {
		return text.lines().filter((line) -> line.strip().startsWith("#")).toList();
	}

	private Map<Path, String> snapshot() throws IOException {
		Map<Path, String> files = new HashMap<>();
		try (Stream<Path> walk = Files.walk(this.root)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				files.put(file, Files.readString(file));
			}
		}
		return files;
	}

}
