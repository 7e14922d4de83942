package com.example.platform.e2e.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks docker-compose.yml (with the files it includes) against the services it runs, statically: no Docker
 * engine is needed. Each test lists every inconsistency it finds, not only the first one.
 * <p>
 * The services, their ports, databases and calls are platform.yaml's ({@link DeclaredServices}): compose is checked
 * against the declaration, and a disagreement names the line of docker-compose.yml and of platform.yaml.
 * <p>
 * What the services read is taken from their sources: the {@code ${NAME:default}} placeholders of
 * {@code <service>/src/main/resources/application*.yaml} and of the starter's resources (docs/architecture.md, Conventions: every
 * environment-dependent value is such a placeholder).
 */
class DockerComposeTests {

	private static final String SHARED_DOCKERFILE = "infra/docker/Dockerfile";


	/** Read without a placeholder: Spring Boot maps OTEL_* variables itself, the JVM reads JAVA_TOOL_OPTIONS. */
	private static final Set<String> READ_WITHOUT_PLACEHOLDER = Set.of("JAVA_TOOL_OPTIONS");

	private static final String OTEL_PREFIX = "OTEL_";

	/** {@code ${NAME} or ${NAME:default}}; names are environment-style (upper case), Spring keys are not. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\\}");

	/** The port a healthcheck talks to: bash's /dev/tcp/host/port, or host:port in a URL. */
	private static final Pattern HEALTHCHECK_PORT = Pattern
		.compile("(?:/dev/tcp/(?:127\\.0\\.0\\.1|localhost)/|//(?:127\\.0\\.0\\.1|localhost):)(\\d+)");

	private static final Pattern CREATE_DATABASE = Pattern
		.compile("CREATE\\s+DATABASE\\s+\"?([A-Za-z0-9_]+)\"?", Pattern.CASE_INSENSITIVE);

	private static Path root;

	private static Map<String, ComposeService> compose;

	private static List<String> serviceModules;

	private static Map<String, DeclaredServices.Service> declared;

	@BeforeAll
	static void readRepository() {
		root = repositoryRoot();
		compose = new LinkedHashMap<>();
		loadComposeFile(root.resolve("docker-compose.yml"), compose, new LinkedHashSet<>());
		declared = DeclaredServices.read(root);
		serviceModules = List.copyOf(declared.keySet());
	}

	@Test
	void everyServiceModuleIsAComposeServiceBuiltFromTheSharedDockerfile() {
		List<String> problems = new ArrayList<>();
		Path sharedDockerfile = root.resolve(SHARED_DOCKERFILE).normalize();
		if (!Files.isRegularFile(sharedDockerfile)) {
			problems.add(SHARED_DOCKERFILE + " does not exist");
		}
		for (String module : serviceModules) {
			if (!Files.isRegularFile(root.resolve(module).resolve("pom.xml"))) {
				problems.add("platform.yaml declares " + module + ", which has no " + module + "/pom.xml");
			}
			ComposeService service = compose.get(module);
			if (service == null) {
				problems.add("docker-compose.yml: no compose service named " + module + ", which "
						+ DeclaredServices.lineOf(root, root.resolve(DeclaredServices.FILE), "  " + module + ":")
						+ " declares");
				continue;
			}
			Object image = service.definition().get("image");
			if (image == null || !(image.toString().equals(module) || image.toString().startsWith(module + ":"))) {
				problems.add(module + ": image is '" + image + "', expected the service name '" + module + "'");
			}
			if (!(service.definition().get("build") instanceof Map<?, ?> build)) {
				problems.add(module + ": has no build: section with context, dockerfile and args (found "
						+ service.definition().get("build") + ")");
				continue;
			}
			Path context = service.directory().resolve(Objects.toString(build.get("context"), ".")).normalize();
			Path dockerfile = context.resolve(Objects.toString(build.get("dockerfile"), "Dockerfile")).normalize();
			if (!context.equals(root)) {
				problems.add(module + ": build context is " + root.relativize(context)
						+ ", expected the repository root (the Maven reactor needs every module)");
			}
			if (!dockerfile.equals(sharedDockerfile)) {
				problems.add(module + ": built from " + root.relativize(dockerfile) + ", expected " + SHARED_DOCKERFILE);
			}
			String serviceArg = keyValues(build.get("args")).get("SERVICE");
			if (!module.equals(serviceArg)) {
				problems.add(module + ": build arg SERVICE is '" + serviceArg + "', expected '" + module + "'");
			}
		}
		for (ComposeService service : compose.values()) {
			if (service.definition().get("build") instanceof Map<?, ?> build) {
				String serviceArg = keyValues(build.get("args")).get("SERVICE");
				if (serviceArg != null && !serviceModules.contains(serviceArg)) {
					problems.add(service.name() + ": build arg SERVICE=" + serviceArg
							+ " is not a service of platform.yaml " + serviceModules);
				}
			}
		}
		assertNoProblems("compose services vs. service modules", problems);
	}

	@Test
	void everyContainerHasAMemoryLimitAHealthcheckAndARestartPolicy() {
		List<String> problems = new ArrayList<>();
		for (ComposeService service : compose.values()) {
			Object memLimit = service.definition().get("mem_limit");
			Object deployLimit = path(service.definition(), "deploy", "resources", "limits", "memory");
			if (memLimit == null && deployLimit == null) {
				problems.add(service.name() + ": no memory limit (mem_limit or deploy.resources.limits.memory)");
			}
			if (healthcheckCommand(service).isEmpty()) {
				problems.add(service.name() + ": no healthcheck (or it is disabled)");
			}
			Object restart = service.definition().get("restart");
			if (restart == null || "no".equals(restart.toString())) {
				problems.add(service.name() + ": no restart policy");
			}
		}
		assertNoProblems("container limits and health", problems);
	}

	@Test
	void everyDependencyWaitsUntilTheOtherContainerIsHealthy() {
		List<String> problems = new ArrayList<>();
		for (ComposeService service : compose.values()) {
			Object dependsOn = service.definition().get("depends_on");
			if (dependsOn instanceof List<?> list) {
				problems.add(service.name() + ": depends_on " + list
						+ " is the short form, which only waits for the start; use condition: service_healthy");
				continue;
			}
			for (Map.Entry<String, Object> dependency : map(dependsOn).entrySet()) {
				Object condition = map(dependency.getValue()).get("condition");
				if (!"service_healthy".equals(condition)) {
					problems.add(service.name() + ": depends_on " + dependency.getKey() + " with condition " + condition
							+ ", expected service_healthy");
				}
				ComposeService other = compose.get(dependency.getKey());
				if (other == null) {
					problems.add(service.name() + ": depends_on " + dependency.getKey() + ", which is not a compose service");
				}
				else if (healthcheckCommand(other).isEmpty()) {
					problems.add(service.name() + ": depends_on " + dependency.getKey()
							+ " being healthy, but it has no healthcheck");
				}
			}
		}
		assertNoProblems("start order", problems);
	}

	@Test
	void theGatewayIsPublishedOnItsDeclaredPortAndNoServiceOnAnotherPort() {
		List<String> problems = new ArrayList<>();
		ComposeService gateway = compose.get("gateway");
		assertThat(gateway).as("compose service 'gateway'").isNotNull();
		String gatewayPort = String.valueOf(declared.get("gateway").httpPort());
		List<PortMapping> gatewayPorts = portMappings(gateway, problems);
		if (gatewayPorts.stream().noneMatch((port) -> gatewayPort.equals(port.published()))) {
			problems.add(DeclaredServices.locate(root, gateway.file(), "gateway:", "ports") + ": gateway: host port "
					+ gatewayPort + " (" + DeclaredServices.declared(root, "gateway", "http-port", gatewayPort)
					+ ") is not published (ports: " + gateway.definition().get("ports") + ")");
		}
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			Set<String> ownPorts = new TreeSet<>();
			Map<String, String> environment = environment(service);
			Stream.of("HTTP_PORT", "GRPC_PORT", "MANAGEMENT_PORT")
				.map(environment::get)
				.filter(Objects::nonNull)
				.forEach(ownPorts::add);
			for (PortMapping port : portMappings(service, problems)) {
				if (!ownPorts.contains(port.target())) {
					problems.add(module + ": publishes container port " + port.target()
							+ ", on which it does not listen (HTTP_PORT/GRPC_PORT/MANAGEMENT_PORT: " + ownPorts + ")");
				}
				if (port.published() != null && !port.published().equals(port.target())) {
					problems.add(module + ": publishes its port " + port.target() + " on host port " + port.published()
							+ "; a service is published, if at all, on its own port");
				}
			}
		}
		assertNoProblems("published ports", problems);
	}

	/**
	 * Actuator (dead-letter replay, metrics) is reachable from this machine the way ./platform replay and the docs
	 * reach it: every service's management port is published on its own number, on the loopback interface only (the
	 * service images have no curl, so {@code docker compose exec} is no way to it).
	 */
	@Test
	void everyManagementPortIsPublishedOnLoopbackOnly() {
		List<String> problems = new ArrayList<>();
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			String managementPort = environment(service).get("MANAGEMENT_PORT");
			if (managementPort == null) {
				problems.add(module + ": sets no MANAGEMENT_PORT");
				continue;
			}
			List<?> entries = list(service.definition().get("ports"));
			boolean published = false;
			for (Object entry : entries) {
				String text = entry.toString();
				if (text.endsWith(":" + managementPort)) {
					published = true;
					if (!text.equals("127.0.0.1:" + managementPort + ":" + managementPort)) {
						problems.add(module + ": management port mapping '" + text + "', expected '127.0.0.1:"
								+ managementPort + ":" + managementPort + "' (actuator on the loopback interface only)");
					}
				}
			}
			if (!published) {
				problems.add(module + ": management port " + managementPort + " is not published on 127.0.0.1 (ports: "
						+ entries + "); ./platform replay and curl reach actuator there");
			}
		}
		assertNoProblems("management ports", problems);
	}

	/**
	 * The VOLUMEs the images of infrastructure.yaml declare in their Dockerfiles (docker-library postgres 17 and
	 * redis 7-alpine, apache/kafka 4.2's docker/jvm/Dockerfile; grafana/otel-lgtm declares none). A new image must be
	 * added here, with its VOLUMEs.
	 */
	private static final Map<String, List<String>> IMAGE_VOLUMES = Map.of("postgres", List.of("/var/lib/postgresql/data"),
			"redis", List.of("/data"), "apache/kafka",
			List.of("/etc/kafka/secrets", "/var/lib/kafka/data", "/mnt/shared/config"), "grafana/otel-lgtm", List.of());

	/**
	 * `docker compose down` leaves no volume behind: every VOLUME of every image is mounted (tmpfs or a named volume),
	 * else Docker creates an anonymous volume for it at every `up` and only `down -v` removes it; no `volumes:` entry
	 * is anonymous itself; the shared Dockerfile declares no VOLUME.
	 */
	@Test
	void noContainerLeavesAnAnonymousVolumeBehind() {
		List<String> problems = new ArrayList<>();
		for (String line : read(root.resolve(SHARED_DOCKERFILE)).split("\n")) {
			if (line.strip().toUpperCase(java.util.Locale.ROOT).startsWith("VOLUME")) {
				problems.add(SHARED_DOCKERFILE + ": declares '" + line.strip() + "' (an anonymous volume per container)");
			}
		}
		for (ComposeService service : compose.values()) {
			Set<String> mounted = new TreeSet<>();
			for (Object tmpfs : (service.definition().get("tmpfs") instanceof String one) ? List.of(one)
					: list(service.definition().get("tmpfs"))) {
				mounted.add(tmpfs.toString().split(":")[0]);
			}
			for (Object volume : list(service.definition().get("volumes"))) {
				if (volume instanceof Map<?, ?> longSyntax) {
					if (longSyntax.get("source") == null && !"tmpfs".equals(longSyntax.get("type"))) {
						problems.add(service.name() + ": volume " + volume + " has no source (an anonymous volume)");
					}
					mounted.add(Objects.toString(longSyntax.get("target"), ""));
				}
				else {
					String[] parts = volume.toString().split(":");
					if (parts.length < 2) {
						problems.add(service.name() + ": volume '" + volume + "' has no source (an anonymous volume)");
					}
					mounted.add(parts[Math.min(1, parts.length - 1)]);
				}
			}
			List<String> imageVolumes;
			String image = Objects.toString(service.definition().get("image"), "");
			String imageName = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
			if (service.definition().get("build") != null) {
				imageVolumes = List.of(); // the shared Dockerfile, checked above
			}
			else if (IMAGE_VOLUMES.containsKey(imageName)) {
				imageVolumes = IMAGE_VOLUMES.get(imageName);
			}
			else {
				problems.add(service.name() + ": image '" + image
						+ "' is not in IMAGE_VOLUMES of this test: add it with the VOLUMEs its Dockerfile declares");
				continue;
			}
			for (String volume : imageVolumes) {
				if (!mounted.contains(volume)) {
					problems.add(DeclaredServices.locate(root, service.file(), service.name() + ":", "image") + ": "
							+ service.name() + ": the image's VOLUME " + volume + " is not mounted (tmpfs or a named volume):"
							+ " Docker creates an anonymous volume for it that `docker compose down` leaves behind");
				}
			}
		}
		assertNoProblems("volumes", problems);
	}

	/**
	 * The one Dockerfile fits every service, a generated one too (it names none of them), and a JSON log stream stays
	 * JSON: no JAVA_TOOL_OPTIONS/JDK_JAVA_OPTIONS (the JVM announces them with a plain-text line), and the JDK 24+
	 * native-access and sun.misc.Unsafe warnings are switched off by the JVM options of the training run and the
	 * entry point.
	 */
	@Test
	void theSharedDockerfileNamesNoServiceAndKeepsTheLogStreamJson() {
		List<String> problems = new ArrayList<>();
		String dockerfile = read(root.resolve(SHARED_DOCKERFILE));
		for (String module : serviceModules) {
			if (Pattern.compile("(?<![\\w-])" + Pattern.quote(module) + "(?![\\w-])").matcher(dockerfile).find()) {
				problems.add(SHARED_DOCKERFILE + ": names the service " + module
						+ "; it is the image definition of every service, a generated one too");
			}
		}
		for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
			if (Pattern.compile("(?m)^\\s*ENV\\s+" + variable).matcher(dockerfile).find()) {
				problems.add(SHARED_DOCKERFILE + ": sets " + variable
						+ ", which the JVM announces with a plain-text line on every start (not JSON)");
			}
		}
		for (String option : List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")) {
			if (!dockerfile.contains(option)) {
				problems.add(SHARED_DOCKERFILE + ": the JVM options lack " + option
						+ " (else JDK 24+ prints plain-text warnings)");
			}
		}
		if (!Pattern.compile("(?m)^ENTRYPOINT \\[\"java\", \"@jvm.options\"").matcher(dockerfile).find()
				|| !dockerfile.contains("RUN java @jvm.options -XX:AOTCacheOutput")) {
			problems.add(SHARED_DOCKERFILE + ": the training run and the ENTRYPOINT do not both read @jvm.options"
					+ " (the AOT cache is fully used only with the options it was trained with)");
		}
		assertNoProblems("the shared Dockerfile", problems);
	}

	@Test
	void everyEnvironmentVariableSetOnAServiceIsReadByIt() {
		List<String> problems = new ArrayList<>();
		Map<String, Placeholder> starter = placeholders(starterFiles());
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			if (service.definition().containsKey("env_file")) {
				problems.add(module + ": uses env_file, whose variables this test cannot check; set them under environment:");
			}
			List<Path> files = applicationFiles(module);
			if (files.isEmpty()) {
				problems.add(module + ": no application*.yaml in " + module
						+ "/src/main/resources, so nothing tells which environment variables it reads");
				continue;
			}
			Map<String, Placeholder> read = placeholders(files);
			for (String name : environment(service).keySet()) {
				if (!read.containsKey(name) && !starter.containsKey(name) && !name.startsWith(OTEL_PREFIX)
						&& !READ_WITHOUT_PLACEHOLDER.contains(name)) {
					problems.add(module + ": compose sets " + name + ", which neither " + module
							+ "/src/main/resources/application*.yaml nor a starter (platform-*spring-boot-starter) reads (no ${" + name
							+ "} placeholder)");
				}
			}
		}
		assertNoProblems("environment variables nobody reads", problems);
	}

	@Test
	void everyVariableWhoseLocalDefaultIsThisMachineIsSetInCompose() {
		List<String> problems = new ArrayList<>();
		Map<String, Placeholder> starter = placeholders(starterFiles());
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			Map<String, Placeholder> read = new LinkedHashMap<>(starter);
			read.putAll(placeholders(applicationFiles(module)));
			Map<String, String> environment = environment(service);
			for (Placeholder placeholder : read.values()) {
				if (placeholder.pointsAtThisMachine() && !environment.containsKey(placeholder.name())) {
					problems.add(module + ": reads " + placeholder.name() + " (local default " + placeholder.defaultValue()
							+ " in " + root.relativize(placeholder.file()) + ") but compose does not set it;"
							+ " inside a container that address is the container itself");
				}
			}
		}
		assertNoProblems("addresses left at their local default", problems);
	}

	@Test
	void theHealthcheckAsksTheReadinessEndpointOnTheHttpPort() {
		List<String> problems = new ArrayList<>();
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			Map<String, String> environment = environment(service);
			String httpPort = environment.get("HTTP_PORT");
			if (httpPort == null) {
				problems.add(module + ": HTTP_PORT is not set, so its port depends on a default this file cannot see");
				continue;
			}
			String healthcheck = String.join(" ", healthcheckCommand(service));
			Matcher ports = HEALTHCHECK_PORT.matcher(healthcheck);
			boolean portFound = false;
			while (ports.find()) {
				portFound = true;
				if (!ports.group(1).equals(httpPort)) {
					problems.add(module + ": healthcheck checks port " + ports.group(1) + " but HTTP_PORT is " + httpPort);
				}
			}
			if (!portFound && !healthcheck.contains("HTTP_PORT")) {
				problems.add(module + ": cannot tell which port the healthcheck checks: " + healthcheck);
			}
			if (!healthcheck.contains("/readyz")) {
				problems.add(module + ": healthcheck does not ask the readiness endpoint /readyz: " + healthcheck);
			}
		}
		assertNoProblems("ports", problems);
	}

	@Test
	void everyServiceAddressNamesAComposeServiceItsPortAndAStartDependency() {
		List<String> problems = new ArrayList<>();
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			for (Map.Entry<String, String> variable : environment(service).entrySet()) {
				String name = variable.getKey();
				String value = variable.getValue();
				String portVariable = name.endsWith("_SERVICE_URL") ? "HTTP_PORT"
						: name.endsWith("_GRPC_TARGET") ? "GRPC_PORT" : null;
				if (portVariable == null) {
					continue;
				}
				HostPort address = HostPort.parse(value, name.endsWith("_SERVICE_URL") ? 80 : -1);
				String where = module + ": " + name + "=" + value;
				ComposeService target = compose.get(address.host());
				if (target == null) {
					problems.add(where + " names host '" + address.host() + "', which is not a compose service");
					continue;
				}
				String targetPort = environment(target).get(portVariable);
				if (address.port() < 0) {
					problems.add(where + " has no port (" + target.name() + " listens on " + portVariable + "="
							+ targetPort + ")");
				}
				else if (!String.valueOf(address.port()).equals(targetPort)) {
					problems.add(where + " uses port " + address.port() + " but " + target.name() + " listens on "
							+ portVariable + "=" + targetPort);
				}
				requireDependency(service, target.name(), where, problems);
			}
			String otlp = environment(service).get("OTEL_EXPORTER_OTLP_ENDPOINT");
			if (otlp != null && !compose.containsKey(HostPort.parse(otlp, 80).host())) {
				problems.add(module + ": OTEL_EXPORTER_OTLP_ENDPOINT=" + otlp + " names no compose service");
			}
		}
		assertNoProblems("service addresses", problems);
	}

	@Test
	void everyDatabaseAndBrokerAddressNamesAComposeServiceItDependsOn() {
		List<String> problems = new ArrayList<>();
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			Map<String, String> environment = environment(service);
			String dbUrl = environment.get("DB_URL");
			if (dbUrl != null) {
				checkDatabase(service, environment, dbUrl, problems);
			}
			String bootstrapServers = environment.get("KAFKA_BOOTSTRAP_SERVERS");
			if (bootstrapServers != null) {
				for (String server : bootstrapServers.split(",")) {
					HostPort address = HostPort.parse(server.trim(), 9092);
					String where = module + ": KAFKA_BOOTSTRAP_SERVERS=" + bootstrapServers;
					ComposeService broker = compose.get(address.host());
					if (broker == null) {
						problems.add(where + " names host '" + address.host() + "', which is not a compose service");
						continue;
					}
					String advertised = environment(broker).get("KAFKA_ADVERTISED_LISTENERS");
					if (advertised != null && !advertised.contains("//" + address.host() + ":" + address.port())) {
						problems.add(where + " but " + broker.name() + " advertises " + advertised
								+ ": clients would be sent to an address other than the one they bootstrap from");
					}
					requireDependency(service, broker.name(), where, problems);
				}
			}
		}
		assertNoProblems("databases and brokers", problems);
	}

	@Test
	void everyDeclaredServiceListensOnItsDeclaredPortsAndUsesItsDeclaredDatabase() {
		List<String> problems = new ArrayList<>();
		for (DeclaredServices.Service declaration : declared.values()) {
			ComposeService service = compose.get(declaration.name());
			if (service == null) {
				continue; // reported by everyServiceModuleIsAComposeServiceBuiltFromTheSharedDockerfile
			}
			Map<String, String> environment = environment(service);
			expect(service, "HTTP_PORT", environment.get("HTTP_PORT"), "http-port", declaration.httpPort(), problems);
			expect(service, "MANAGEMENT_PORT", environment.get("MANAGEMENT_PORT"), "management-port",
					declaration.managementPort(), problems);
			expect(service, "GRPC_PORT", environment.get("GRPC_PORT"), "grpc-port", declaration.grpcPort(), problems);
			String dbUrl = environment.get("DB_URL");
			String database = (dbUrl != null) ? dbUrl.replaceFirst("^.*/", "").replaceFirst("[?;].*$", "") : null;
			expect(service, "DB_URL", database, "database", declaration.database(), problems);
		}
		assertNoProblems("docker-compose.yml vs. platform.yaml", problems);
	}

	@Test
	void theInitScriptsOfPostgresCreateEveryDeclaredDatabase() {
		List<String> problems = new ArrayList<>();
		Set<String> databases = new TreeSet<>();
		declared.values().stream().map(DeclaredServices.Service::database).filter(Objects::nonNull)
			.forEach(databases::add);
		ComposeService postgres = compose.get("postgres");
		if (postgres == null) {
			problems.add("no compose service postgres, though platform.yaml declares the databases " + databases);
		}
		else {
			Set<String> created = createdDatabases(postgres);
			for (DeclaredServices.Service service : declared.values()) {
				if (service.database() != null && !created.contains(service.database())) {
					problems.add("the init scripts mounted into postgres (" + postgres.file().getFileName()
							+ ") create " + created + ", not " + service.database() + ", which "
							+ DeclaredServices.declared(root, service.name(), "database", service.database())
							+ " declares");
				}
			}
		}
		assertNoProblems("databases vs. platform.yaml", problems);
	}

	/** Compares a value compose sets with the declared one (null: not set / not declared); names both lines. */
	private static void expect(ComposeService service, String variable, String actual, String key, Object expected,
			List<String> problems) {
		String wanted = (expected != null) ? expected.toString() : null;
		if (Objects.equals(actual, wanted)) {
			return;
		}
		String where = DeclaredServices.locate(root, service.file(), service.name() + ":", variable);
		if (wanted == null) {
			problems.add(where + ": " + service.name() + " sets " + variable + " (" + actual + "), but platform.yaml"
					+ " declares no " + key + " for it");
		}
		else {
			problems.add(where + ": " + service.name() + " " + variable + " is " + actual + " but "
					+ DeclaredServices.declared(root, service.name(), key, expected) + " declares " + wanted);
		}
	}

	@Test
	void everyServiceSetsItsManagementPortAndEveryValidatorTrustsTheOneIssuer() {
		List<String> problems = new ArrayList<>();
		Set<String> issuers = new TreeSet<>();
		for (String module : serviceModules) {
			ComposeService service = compose.get(module);
			if (service == null) {
				continue;
			}
			Map<String, String> environment = environment(service);
			String managementPort = environment.get("MANAGEMENT_PORT");
			if (managementPort == null) {
				problems.add(module + ": MANAGEMENT_PORT is not set (actuator's port depends on a default)");
			}
			Optional.ofNullable(environment.get("AUTH_ISSUER_URI")).ifPresent(issuers::add);
		}
		if (issuers.size() != 1) {
			problems.add("the issuer differs between the services and auth-server: " + issuers);
		}
		assertNoProblems("management ports and issuer", problems);
	}

	@Test
	void theDockerBuildContextLeavesBuildOutputAndLocalStateOut() throws IOException {
		Path dockerignore = root.resolve(".dockerignore");
		assertThat(dockerignore).as(".dockerignore at the repository root (the build context)").isRegularFile();
		List<String> patterns = Files.readAllLines(dockerignore)
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(patterns).as(".dockerignore patterns").contains("**/target/", ".git/", ".platform/");
	}

	private static void checkDatabase(ComposeService service, Map<String, String> environment, String dbUrl,
			List<String> problems) {
		String where = service.name() + ": DB_URL=" + dbUrl;
		if (!dbUrl.startsWith("jdbc:postgresql://")) {
			problems.add(where + " is not a jdbc:postgresql:// URL");
			return;
		}
		String afterScheme = dbUrl.substring("jdbc:postgresql://".length());
		int slash = afterScheme.indexOf('/');
		HostPort address = HostPort.parse((slash < 0) ? afterScheme : afterScheme.substring(0, slash), 5432);
		ComposeService postgres = compose.get(address.host());
		if (postgres == null) {
			problems.add(where + " names host '" + address.host() + "', which is not a compose service");
			return;
		}
		requireDependency(service, postgres.name(), where, problems);
		Map<String, String> postgresEnvironment = environment(postgres);
		String user = postgresEnvironment.getOrDefault("POSTGRES_USER", "postgres");
		if (environment.containsKey("DB_USER") && !user.equals(environment.get("DB_USER"))) {
			problems.add(service.name() + ": DB_USER=" + environment.get("DB_USER") + " but " + postgres.name()
					+ " creates the user " + user);
		}
		String password = postgresEnvironment.get("POSTGRES_PASSWORD");
		if (password != null && environment.containsKey("DB_PASSWORD")
				&& !password.equals(environment.get("DB_PASSWORD"))) {
			problems.add(service.name() + ": DB_PASSWORD differs from POSTGRES_PASSWORD of " + postgres.name());
		}
	}

	/** Databases made by the scripts mounted into /docker-entrypoint-initdb.d, plus POSTGRES_DB. */
	private static Set<String> createdDatabases(ComposeService postgres) {
		Set<String> created = new TreeSet<>();
		Map<String, String> environment = environment(postgres);
		created.add(environment.getOrDefault("POSTGRES_DB", environment.getOrDefault("POSTGRES_USER", "postgres")));
		for (Object volume : list(postgres.definition().get("volumes"))) {
			String source;
			String target;
			if (volume instanceof Map<?, ?> longSyntax) {
				source = Objects.toString(longSyntax.get("source"), "");
				target = Objects.toString(longSyntax.get("target"), "");
			}
			else {
				String[] parts = volume.toString().split(":");
				source = parts[0];
				target = (parts.length > 1) ? parts[1] : "";
			}
			if (!target.startsWith("/docker-entrypoint-initdb.d") || !(source.startsWith(".") || source.startsWith("/"))) {
				continue;
			}
			Path script = postgres.directory().resolve(source).normalize();
			try (Stream<Path> files = Files.isDirectory(script) ? Files.list(script) : Stream.of(script)) {
				files.filter(Files::isRegularFile).forEach((file) -> {
					Matcher matcher = CREATE_DATABASE.matcher(read(file));
					while (matcher.find()) {
						created.add(matcher.group(1));
					}
				});
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return created;
	}

	private static void requireDependency(ComposeService service, String dependency, String where,
			List<String> problems) {
		if (!map(service.definition().get("depends_on")).containsKey(dependency)
				&& !list(service.definition().get("depends_on")).contains(dependency)) {
			problems.add(where + ", but " + service.name() + " does not depend on " + dependency
					+ " (depends_on ... condition: service_healthy)");
		}
	}

	private static void assertNoProblems(String what, List<String> problems) {
		assertThat(problems)
			.withFailMessage(() -> problems.size() + ((problems.size() == 1) ? " inconsistency" : " inconsistencies")
					+ " in " + what + ":\n  - " + String.join("\n  - ", problems))
			.isEmpty();
	}

	// --- reading the repository

	/** The repository root: -Dplatform.repository.root, or the nearest folder up from here with docker-compose.yml. */
	private static Path repositoryRoot() {
		String configured = System.getProperty("platform.repository.root");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir.normalize();
			}
		}
		throw new IllegalStateException("No docker-compose.yml next to a pom.xml in " + Path.of("").toAbsolutePath()
				+ " or a folder above it; set -Dplatform.repository.root");
	}

	private static List<Path> applicationFiles(String module) {
		Path resources = root.resolve(module).resolve("src/main/resources");
		if (!Files.isDirectory(resources)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(resources, 2)) {
			return files.filter(Files::isRegularFile).filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith("application")
						&& (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".properties"));
			}).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The resources of the starter and of its opt-in parts (platform-*-spring-boot-starter). */
	private static List<Path> starterFiles() {
		return StarterResources.files(root);
	}

	private static Map<String, Placeholder> placeholders(List<Path> files) {
		Map<String, Placeholder> placeholders = new LinkedHashMap<>();
		for (Path file : files) {
			Matcher matcher = PLACEHOLDER.matcher(read(file));
			while (matcher.find()) {
				Placeholder placeholder = new Placeholder(matcher.group(1), matcher.group(2), file);
				placeholders.merge(placeholder.name(), placeholder,
						(first, second) -> (first.defaultValue() != null) ? first : second);
			}
		}
		return placeholders;
	}

	private static String read(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// --- reading compose files

	/** Services of a compose file and of the files it includes (paths in a file are relative to its folder). */
	private static void loadComposeFile(Path file, Map<String, ComposeService> services, Set<Path> seen) {
		Path normalized = file.toAbsolutePath().normalize();
		assertThat(normalized).as("compose file").isRegularFile();
		if (!seen.add(normalized)) {
			return;
		}
		Map<String, Object> document;
		try (Reader reader = Files.newBufferedReader(normalized)) {
			document = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path directory = normalized.getParent();
		for (Object include : list(document.get("include"))) {
			Object paths = (include instanceof Map<?, ?> longSyntax) ? longSyntax.get("path") : include;
			for (Object path : (paths instanceof List<?> several) ? several : List.of(Objects.requireNonNull(paths))) {
				loadComposeFile(directory.resolve(path.toString()), services, seen);
			}
		}
		map(document.get("services")).forEach((name, definition) -> {
			ComposeService previous = services.put(name, new ComposeService(name, map(definition), directory, normalized));
			assertThat(previous).as("compose service '%s' is defined twice", name).isNull();
		});
	}

	/** The healthcheck's command without its CMD / CMD-SHELL marker; empty when there is none or it is disabled. */
	private static List<String> healthcheckCommand(ComposeService service) {
		Map<String, Object> healthcheck = map(service.definition().get("healthcheck"));
		if (Boolean.TRUE.equals(healthcheck.get("disable"))) {
			return List.of();
		}
		Object test = healthcheck.get("test");
		List<String> command = (test instanceof List<?> parts) ? parts.stream().map(String::valueOf).toList()
				: (test != null) ? List.of(test.toString()) : List.of();
		if (!command.isEmpty() && command.get(0).equals("NONE")) {
			return List.of();
		}
		return (!command.isEmpty() && command.get(0).startsWith("CMD")) ? command.subList(1, command.size()) : command;
	}

	private static Map<String, String> environment(ComposeService service) {
		return keyValues(service.definition().get("environment"));
	}

	/** A compose map ({@code KEY: value}) or list ({@code - KEY=value}) of strings. */
	private static Map<String, String> keyValues(Object value) {
		Map<String, String> result = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> entries) {
			entries.forEach((key, entry) -> result.put(key.toString(), (entry != null) ? entry.toString() : ""));
		}
		for (Object entry : list(value)) {
			String text = entry.toString();
			int equals = text.indexOf('=');
			result.put((equals < 0) ? text : text.substring(0, equals), (equals < 0) ? "" : text.substring(equals + 1));
		}
		return result;
	}

	private static List<PortMapping> portMappings(ComposeService service, List<String> problems) {
		List<PortMapping> mappings = new ArrayList<>();
		for (Object entry : list(service.definition().get("ports"))) {
			if (entry instanceof Map<?, ?> longSyntax) {
				mappings.add(new PortMapping(Objects.toString(longSyntax.get("published"), null),
						Objects.toString(longSyntax.get("target"), null)));
			}
			else if (entry instanceof String shortSyntax) {
				String[] parts = shortSyntax.replaceFirst("/(tcp|udp)$", "").split(":");
				mappings.add(new PortMapping((parts.length > 1) ? parts[parts.length - 2] : null, parts[parts.length - 1]));
			}
			else {
				problems.add(service.name() + ": port mapping " + entry + " is not a string; quote it (YAML 1.1 reads"
						+ " an unquoted 8080:8080 as a base-60 number)");
			}
		}
		return mappings;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

	private static Object path(Map<String, Object> map, String... keys) {
		Object current = map;
		for (String key : keys) {
			current = map(current).get(key);
		}
		return current;
	}

	record ComposeService(String name, Map<String, Object> definition, Path directory, Path file) {
	}

	record PortMapping(String published, String target) {
	}

	record Placeholder(String name, String defaultValue, Path file) {

		/** A local default such as 127.0.0.1:9092 only works outside a container. */
		boolean pointsAtThisMachine() {
			return this.defaultValue != null && !this.defaultValue.contains("${")
					&& Stream.of("127.0.0.1", "localhost", "[::1]").anyMatch(this.defaultValue::contains);
		}

	}

	/** Host and port of a URL, a gRPC target (static://h:p, dns:///h:p) or a plain host:port. */
	record HostPort(String host, int port) {

		static HostPort parse(String address, int defaultPort) {
			String rest = address.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:(?=//)", "").replaceFirst("^/+", "");
			rest = rest.replaceFirst("[/?].*$", "");
			int colon = rest.lastIndexOf(':');
			if (colon < 0) {
				return new HostPort(rest, defaultPort);
			}
			return new HostPort(rest.substring(0, colon),
					Optional.of(rest.substring(colon + 1)).filter((port) -> port.matches("\\d+")).map(Integer::parseInt)
						.orElse(defaultPort));
		}

	}

}
