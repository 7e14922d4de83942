package com.example.platform.e2e.deployment;

import java.io.File;
import java.io.IOException;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay of {@code infra/k8s} with {@code kubectl kustomize} and checks the rendered objects against
 * the services they run (their {@code application*.yaml}, the starter's defaults) and the platform's rules: the
 * "restricted" Pod Security Standard plus a read-only root filesystem, resources, probes on the health groups,
 * ports, environment variables, network policies equal to the declared dependency graph, and in prod PDBs, HPAs and
 * the operators' resources. Each test lists every problem it finds. Skipped (with the reason) where kubectl is not
 * installed.
 */
class KubernetesManifestsTests {

	/** The services of platform.yaml (the sample ones and any added with ./platform new-service). */
	private static List<String> SERVICES;

	/** platform.yaml, the reference: ports, databases and calls. */
	private static Map<String, DeclaredServices.Service> declared;

	/** The platform's entry points: reachable from anywhere (the API, and the issuer's token endpoint/login page). */
	private static final Set<String> ENTRY_POINTS = Set.of("gateway", "auth-server");

	/**
	 * Secrets of prod that nobody commits: created by the operator (docs/kubernetes.md) before {@code kubectl apply}.
	 */
	private static final Set<String> CREATED_BY_THE_OPERATOR = Set.of("auth-server-credentials",
			"notification-service-client", "order-service-client", "auth-server-signing-key");

	private static final String STARTER_RESOURCES = "platform-spring-boot-starter/src/main/resources";

	/** {@code ${NAME} or ${NAME:default}}, environment-style names only. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\\}");

	/** Spring Boot maps OTEL_* variables itself; the JVM reads JAVA_TOOL_OPTIONS. */
	private static final String OTEL_PREFIX = "OTEL_";

	private static final Set<String> POD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

	/** Volume types the restricted profile allows. */
	private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
			"ephemeral", "persistentVolumeClaim", "projected", "secret");

	private static Path root;

	private static Map<String, List<Map<String, Object>>> overlays;

	@BeforeAll
	static void renderOverlays() throws IOException {
		Optional<Path> kubectl = kubectl();
		String missing = "kubectl is not on the PATH: the Kubernetes manifests (infra/k8s) were NOT rendered or checked."
				+ " Install kubectl 1.27+ (kustomize built in) to run these checks.";
		// A user without kubectl gets a skip; CI must not hide a missing tool behind one.
		if (kubectl.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true: " + missing);
		}
		Assumptions.assumeTrue(kubectl.isPresent(), missing);
		root = Path.of(System.getProperty("platform.repository.root", "..")).toAbsolutePath().normalize();
		declared = DeclaredServices.read(root);
		SERVICES = List.copyOf(declared.keySet());
		overlays = new TreeMap<>();
		try (Stream<Path> dirs = Files.list(root.resolve("infra/k8s/overlays"))) {
			for (Path overlay : dirs.filter(Files::isDirectory).sorted().toList()) {
				overlays.put(overlay.getFileName().toString(), render(kubectl.get(), overlay));
			}
		}
		assertThat(overlays).as("overlays in infra/k8s/overlays").containsKeys("local", "prod");
		overlays.forEach((name, objects) -> System.out.printf("kustomize: overlay %s renders %d objects%n", name,
				objects.size()));
	}

	@Test
	void everyOverlayRunsEveryServiceWithItsServiceAccountAndServices() {
		List<String> problems = new ArrayList<>();
		overlays.forEach((overlay, objects) -> {
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(objects, "Deployment", service);
				if (deployment == null) {
					problems.add(overlay + ": no Deployment " + service);
					continue;
				}
				if (find(objects, "Service", service) == null) {
					problems.add(overlay + ": no Service " + service);
				}
				String account = string(path(deployment, "spec", "template", "spec", "serviceAccountName"));
				if (!service.equals(account) || find(objects, "ServiceAccount", service) == null) {
					problems.add(overlay + ": " + service + " does not run as its own ServiceAccount " + service
							+ " (serviceAccountName " + account + ")");
				}
				// Only a service that uses the Kubernetes API (discovery, configuration) gets a token, and only read access
				boolean usesApi = applicationFiles(service).stream()
					.anyMatch((file) -> Boolean.TRUE.equals(path(yaml(file), "spring", "cloud", "kubernetes", "discovery",
							"enabled")) || String.valueOf(path(yaml(file), "spring", "config", "import")).contains("kubernetes:"));
				boolean token = !Boolean.FALSE.equals(path(deployment, "spec", "template", "spec",
						"automountServiceAccountToken"));
				if (token != usesApi) {
					problems.add(overlay + ": " + service + (usesApi ? " uses Kubernetes discovery but gets no API token"
							: " never calls the Kubernetes API but its pod mounts a ServiceAccount token"));
				}
				for (Map<String, Object> binding : ofKind(objects, "RoleBinding")) {
					boolean boundToService = list(binding.get("subjects")).stream()
						.anyMatch((subject) -> service.equals(map(subject).get("name")));
					Map<String, Object> role = find(objects, "Role", string(path(binding, "roleRef", "name")));
					if (boundToService && role != null) {
						for (Object rule : list(role.get("rules"))) {
							if (!List.of("get", "list", "watch").containsAll(list(map(rule).get("verbs")))) {
								problems.add(overlay + ": " + service + " may " + map(rule).get("verbs") + " "
										+ map(rule).get("resources") + "; discovery and configuration only read");
							}
							if (list(map(rule).get("resources")).contains("secrets")
									&& list(map(rule).get("resourceNames")).isEmpty()) {
								problems.add(overlay + ": " + service + " may read every Secret of the namespace (Role "
										+ name(role) + "); name the ones it reads (resourceNames)");
							}
						}
					}
				}
			}
			for (DeclaredServices.Service service : declared.values()) {
				Map<String, Object> http = find(objects, "Service", service.name());
				if (http != null && list(path(http, "spec", "ports")).stream()
					.noneMatch((port) -> Objects.equals(map(port).get("port"), service.httpPort()))) {
					problems.add(overlay + ": the Service " + service.name() + " does not listen on "
							+ DeclaredServices.declared(root, service.name(), "http-port", service.httpPort()));
				}
				if (service.grpcPort() == null) {
					continue;
				}
				Map<String, Object> grpc = find(objects, "Service", service.name() + "-grpc");
				if (grpc == null || !"None".equals(path(grpc, "spec", "clusterIP")) || list(path(grpc, "spec", "ports"))
					.stream().noneMatch((port) -> Objects.equals(map(port).get("port"), service.grpcPort()))) {
					problems.add(overlay + ": no headless Service " + service.name() + "-grpc (clusterIP: None) on "
							+ DeclaredServices.declared(root, service.name(), "grpc-port", service.grpcPort())
							+ " for client-side gRPC load balancing");
				}
			}
			Map<String, Object> namespace = objects.stream().filter((o) -> "Namespace".equals(o.get("kind"))).findFirst()
				.orElse(null);
			if (namespace == null
					|| !"restricted".equals(path(namespace, "metadata", "labels", "pod-security.kubernetes.io/enforce"))) {
				problems.add(overlay + ": no Namespace enforcing the restricted Pod Security Standard");
			}
		});
		assertNoProblems("services", problems);
	}

	@Test
	void everyPodMeetsTheRestrictedProfileWithAReadOnlyRootFilesystemAndResources() {
		List<String> problems = new ArrayList<>();
		int containers = 0;
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			for (Map<String, Object> workload : workloads(overlay.getValue())) {
				String where = overlay.getKey() + ": " + workload.get("kind") + " " + name(workload);
				Map<String, Object> pod = map(path(workload, "spec", "template", "spec"));
				Map<String, Object> podSecurity = map(pod.get("securityContext"));
				for (String hostField : List.of("hostNetwork", "hostPID", "hostIPC")) {
					if (Boolean.TRUE.equals(pod.get(hostField))) {
						problems.add(where + ": " + hostField + " is true");
					}
				}
				for (Object volume : list(pod.get("volumes"))) {
					Set<String> types = new TreeSet<>(map(volume).keySet());
					types.remove("name");
					if (!RESTRICTED_VOLUME_TYPES.containsAll(types)) {
						problems.add(where + ": volume " + map(volume).get("name") + " of type " + types
								+ " is not allowed by the restricted profile");
					}
				}
				for (Map<String, Object> container : containers(pod)) {
					containers++;
					String at = where + " container " + container.get("name");
					Map<String, Object> security = map(container.get("securityContext"));
					Object runAsNonRoot = security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot"));
					if (!Boolean.TRUE.equals(runAsNonRoot)) {
						problems.add(at + ": runAsNonRoot is not true");
					}
					Object runAsUser = security.getOrDefault("runAsUser", podSecurity.get("runAsUser"));
					if (runAsUser == null || Objects.equals(runAsUser, 0)) {
						problems.add(at + ": runAsUser is " + runAsUser + "; a numeric non-zero uid lets the kubelet"
								+ " verify runAsNonRoot");
					}
					if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
						problems.add(at + ": allowPrivilegeEscalation is not false");
					}
					if (Boolean.TRUE.equals(security.get("privileged"))) {
						problems.add(at + ": privileged");
					}
					if (!list(path(security, "capabilities", "drop")).contains("ALL")) {
						problems.add(at + ": capabilities do not drop ALL");
					}
					List<?> added = list(path(security, "capabilities", "add"));
					if (!added.isEmpty() && !List.of("NET_BIND_SERVICE").containsAll(added)) {
						problems.add(at + ": adds capabilities " + added);
					}
					Object seccomp = Optional.ofNullable(path(security, "seccompProfile", "type"))
						.orElse(path(podSecurity, "seccompProfile", "type"));
					if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
						problems.add(at + ": seccompProfile is " + seccomp + ", expected RuntimeDefault");
					}
					if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
						problems.add(at + ": root filesystem is not read-only");
					}
					Map<String, Object> resources = map(container.get("resources"));
					for (String[] required : List.of(new String[] { "requests", "cpu" },
							new String[] { "requests", "memory" }, new String[] { "limits", "memory" })) {
						if (path(resources, required) == null) {
							problems.add(at + ": no resources." + String.join(".", required));
						}
					}
				}
			}
		}
		System.out.printf("kustomize: %d containers checked against the restricted profile, %d problems%n", containers,
				problems.size());
		assertThat(containers).as("containers rendered").isGreaterThanOrEqualTo(2 * SERVICES.size());
		assertNoProblems("restricted profile, read-only root filesystem, resources", problems);
	}

	@Test
	void everyServiceHasProbesOnItsHealthGroupsAndPortAndShutsDownGracefully() {
		List<String> problems = new ArrayList<>();
		int probes = 0;
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(overlay.getValue(), "Deployment", service);
				if (deployment == null) {
					continue;
				}
				Map<String, Object> pod = map(path(deployment, "spec", "template", "spec"));
				Map<String, Object> container = serviceContainer(pod, service);
				String where = overlay.getKey() + ": " + service;
				String httpPort = environment(overlay.getValue(), container).get("HTTP_PORT");
				for (String[] probe : List.of(new String[] { "startupProbe", "/livez" },
						new String[] { "livenessProbe", "/livez" }, new String[] { "readinessProbe", "/readyz" })) {
					Map<String, Object> httpGet = map(path(container, probe[0], "httpGet"));
					if (httpGet.isEmpty()) {
						problems.add(where + ": no HTTP " + probe[0]);
						continue;
					}
					probes++;
					if (!probe[1].equals(httpGet.get("path"))) {
						problems.add(where + ": " + probe[0] + " asks " + httpGet.get("path") + ", expected " + probe[1]
								+ " (the starter's health group)");
					}
					Integer port = containerPort(container, httpGet.get("port"));
					if (port == null || !String.valueOf(port).equals(httpPort)) {
						problems.add(where + ": " + probe[0] + " on port " + httpGet.get("port") + " (" + port
								+ "), but the service listens on HTTP_PORT=" + httpPort);
					}
				}
				Object preStopSleep = path(container, "lifecycle", "preStop", "sleep", "seconds");
				Object preStopExec = path(container, "lifecycle", "preStop", "exec");
				if (preStopSleep == null && preStopExec == null) {
					problems.add(where + ": no preStop pause before the shutdown");
				}
				int pause = (preStopSleep instanceof Integer seconds) ? seconds : 0;
				int shutdownPhase = shutdownPhaseSeconds();
				Object grace = pod.get("terminationGracePeriodSeconds");
				int gracePeriod = (grace instanceof Integer value) ? value : 30;
				if (gracePeriod <= pause + shutdownPhase) {
					problems.add(where + ": terminationGracePeriodSeconds " + gracePeriod + " does not cover the preStop"
							+ " pause (" + pause + " s) plus the graceful shutdown phase (" + shutdownPhase + " s)");
				}
			}
		}
		System.out.printf("kustomize: %d probes checked%n", probes);
		assertNoProblems("probes and shutdown", problems);
	}

	@Test
	void serviceTargetPortsMatchTheContainerPortsOfTheSelectedPods() {
		List<String> problems = new ArrayList<>();
		int ports = 0;
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			for (Map<String, Object> service : ofKind(overlay.getValue(), "Service")) {
				String where = overlay.getKey() + ": Service " + name(service);
				Map<String, Object> selector = map(path(service, "spec", "selector"));
				List<Map<String, Object>> selected = workloads(overlay.getValue()).stream()
					.filter((workload) -> matches(selector, map(path(workload, "spec", "template", "metadata", "labels"))))
					.toList();
				if (selector.isEmpty() || selected.isEmpty()) {
					problems.add(where + ": selects no pod (selector " + selector + ")");
					continue;
				}
				for (Object entry : list(path(service, "spec", "ports"))) {
					ports++;
					Map<String, Object> port = map(entry);
					Object target = port.getOrDefault("targetPort", port.get("port"));
					for (Map<String, Object> workload : selected) {
						Map<String, Object> pod = map(path(workload, "spec", "template", "spec"));
						boolean found = containers(pod).stream().anyMatch((c) -> containerPort(c, target) != null);
						if (!found) {
							problems.add(where + ": targetPort " + target + " is no container port of " + name(workload));
						}
					}
					if (SERVICES.contains(name(service)) || SERVICES.contains(name(service).replaceFirst("-grpc$", ""))) {
						Integer resolved = containerPort(containers(map(path(selected.get(0), "spec", "template", "spec")))
							.get(0), target);
						if (resolved != null && !resolved.equals(port.get("port"))) {
							problems.add(where + ": port " + port.get("port") + " forwards to " + resolved
									+ "; a service keeps one port everywhere (docs/architecture.md, Conventions)");
						}
					}
				}
			}
		}
		System.out.printf("kustomize: %d Service ports checked%n", ports);
		assertNoProblems("Service ports", problems);
	}

	@Test
	void everyServiceRunsOnItsDeclaredPortsWithItsDeclaredDatabaseInEveryOverlay() {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			for (DeclaredServices.Service service : declared.values()) {
				Map<String, Object> deployment = find(overlay.getValue(), "Deployment", service.name());
				if (deployment == null) {
					continue; // reported by everyOverlayRunsEveryServiceWithItsServiceAccountAndServices
				}
				Map<String, Object> container = serviceContainer(map(path(deployment, "spec", "template", "spec")),
						service.name());
				Map<String, String> environment = environment(overlay.getValue(), container);
				String dbUrl = environment.get("DB_URL");
				String database = (dbUrl != null) ? dbUrl.replaceFirst("^.*/", "").replaceFirst("[?;].*$", "") : null;
				expect(overlay.getKey(), service, "HTTP_PORT", environment.get("HTTP_PORT"), "http-port",
						service.httpPort(), problems);
				expect(overlay.getKey(), service, "MANAGEMENT_PORT", environment.get("MANAGEMENT_PORT"),
						"management-port", service.managementPort(), problems);
				expect(overlay.getKey(), service, "GRPC_PORT", environment.get("GRPC_PORT"), "grpc-port",
						service.grpcPort(), problems);
				expect(overlay.getKey(), service, "DB_URL", database, "database", service.database(), problems);
				for (String[] port : List.of(new String[] { "http", "http-port" },
						new String[] { "management", "management-port" }, new String[] { "grpc", "grpc-port" })) {
					Object wanted = switch (port[0]) {
						case "http" -> service.httpPort();
						case "management" -> service.managementPort();
						default -> service.grpcPort();
					};
					Integer actual = containerPort(container, port[0]);
					if (!Objects.equals(actual, wanted)) {
						problems.add(overlay.getKey() + ": " + DeclaredServices.lineOf(root, baseFile(service.name()),
								"containerPort: " + actual) + ": the container port named " + port[0]
								+ " of " + service.name() + " is " + actual + " but "
								+ DeclaredServices.declared(root, service.name(), port[1], wanted) + " declares " + wanted);
					}
				}
			}
		}
		assertNoProblems("Kubernetes manifests vs. platform.yaml", problems);
	}

	private static void expect(String overlay, DeclaredServices.Service service, String variable, String actual,
			String key, Object expected, List<String> problems) {
		String wanted = (expected != null) ? expected.toString() : null;
		if (Objects.equals(actual, wanted)) {
			return;
		}
		// The line that sets it: the overlay's patch of the service's ConfigMap (op: replace, path: /data/<variable>),
		// else the ConfigMap in base
		Path kustomization = root.resolve("infra/k8s/overlays").resolve(overlay).resolve("kustomization.yaml");
		String where = DeclaredServices.locate(root, kustomization, "name: " + service.name() + "-config", variable);
		if (!where.contains(":")) {
			where = DeclaredServices.locate(root, baseFile(service.name()), "name: " + service.name() + "-config",
					variable);
		}
		problems.add(overlay + ": " + where + ": " + service.name() + " " + variable + " is " + actual + " but "
				+ ((wanted == null) ? "platform.yaml declares no " + key + " for it"
						: DeclaredServices.declared(root, service.name(), key, expected) + " declares " + wanted));
	}

	private static Path baseFile(String service) {
		return root.resolve("infra/k8s/base").resolve(service + ".yaml");
	}

	@Test
	void prodSamplesOneTraceInTenWhileLocalTracesEverything() {
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(overlay.getValue(), "Deployment", service);
				if (deployment == null) {
					continue;
				}
				Map<String, Object> container = serviceContainer(map(path(deployment, "spec", "template", "spec")), service);
				String sampling = environment(overlay.getValue(), container).get("TRACING_SAMPLING_PROBABILITY");
				if (overlay.getKey().equals("prod")) {
					assertThat(sampling).as(service + " in prod").isEqualTo("0.1");
				}
				else {
					assertThat(sampling).as(service + " in " + overlay.getKey() + " (the default, 1.0)").isNull();
				}
			}
		}
	}

	@Test
	void everyEnvironmentVariableIsOneTheServiceReadsAndCredentialsComeFromSecrets() {
		List<String> problems = new ArrayList<>();
		Map<String, String> starter = placeholders(starterFiles());
		int variables = 0;
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(overlay.getValue(), "Deployment", service);
				if (deployment == null) {
					continue;
				}
				Map<String, Object> container = serviceContainer(map(path(deployment, "spec", "template", "spec")), service);
				String where = overlay.getKey() + ": " + service;
				Map<String, String> read = new LinkedHashMap<>(starter);
				read.putAll(placeholders(applicationFiles(service)));
				Map<String, String> environment = environment(overlay.getValue(), container);
				for (Map.Entry<String, String> variable : environment.entrySet()) {
					variables++;
					String name = variable.getKey();
					if (name.equals("SPRING_PROFILES_ACTIVE")) {
						// Read by Spring Boot itself; allowed only for profiles the service has a file for
						for (String profile : variable.getValue().split(",")) {
							if (!Files.isRegularFile(resources(service).resolve("application-" + profile.trim() + ".yaml"))) {
								problems.add(where + ": SPRING_PROFILES_ACTIVE names profile '" + profile + "' but "
										+ service + " has no application-" + profile.trim() + ".yaml");
							}
						}
					}
					else if (!read.containsKey(name) && !name.startsWith(OTEL_PREFIX) && !name.equals("JAVA_TOOL_OPTIONS")) {
						problems.add(where + ": sets " + name + ", which neither its application*.yaml nor the starter"
								+ " reads (no ${" + name + "} placeholder)");
					}
				}
				Set<String> overridden = overriddenByProfiles(service, environment.get("SPRING_PROFILES_ACTIVE"));
				for (Map.Entry<String, String> placeholder : read.entrySet()) {
					String defaultValue = placeholder.getValue();
					boolean local = defaultValue != null && Stream.of("127.0.0.1", "localhost").anyMatch(defaultValue::contains);
					if (local && !environment.containsKey(placeholder.getKey())
							&& !overridden.contains(placeholder.getKey())) {
						problems.add(where + ": reads " + placeholder.getKey() + " (local default " + defaultValue
								+ ") but the manifests do not set it; in a pod that address is the pod itself");
					}
				}
				List<String> credentials = new ArrayList<>(List.of("DB_USER"));
				environment.keySet().stream().filter((n) -> n.endsWith("_PASSWORD") || n.endsWith("_SECRET"))
					.forEach(credentials::add);
				for (String credential : credentials) {
					if (read.containsKey(credential) && environment.containsKey(credential)) {
						Object secret = env(container, credential).map((e) -> path(e, "valueFrom", "secretKeyRef", "name"))
							.orElse(null);
						if (secret == null) {
							problems.add(where + ": " + credential + " does not come from a Secret (secretKeyRef)");
						}
						else if (find(overlay.getValue(), "Secret", secret.toString()) == null
								&& find(overlay.getValue(), "Cluster", secret.toString().replaceFirst("-app$", "")) == null
								&& !(overlay.getKey().equals("prod") && CREATED_BY_THE_OPERATOR.contains(secret.toString()))) {
							problems.add(where + ": " + credential + " comes from Secret " + secret
									+ ", which neither the overlay nor a CloudNativePG Cluster (<cluster>-app) provides");
						}
					}
				}
			}
		}
		System.out.printf("kustomize: %d environment variables checked%n", variables);
		assertNoProblems("environment variables", problems);
	}

	@Test
	void everyAddressNamesAServiceOfTheOverlayOnTheRightPort() {
		List<String> problems = new ArrayList<>();
		int addresses = 0;
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			List<Map<String, Object>> objects = overlay.getValue();
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(objects, "Deployment", service);
				if (deployment == null) {
					continue;
				}
				Map<String, Object> container = serviceContainer(map(path(deployment, "spec", "template", "spec")), service);
				for (Map.Entry<String, String> variable : environment(objects, container).entrySet()) {
					String name = variable.getKey();
					String value = variable.getValue();
					String where = overlay.getKey() + ": " + service + " " + name + "=" + value;
					HostPort address;
					if (name.endsWith("_SERVICE_URL") || name.endsWith("_GRPC_TARGET")
							|| name.equals("OTEL_EXPORTER_OTLP_ENDPOINT") || name.equals("AUTH_JWK_SET_URI")
							|| name.equals("AUTH_TOKEN_URI")) {
						address = HostPort.parse(value);
					}
					else if (name.equals("DB_URL")) {
						address = HostPort.parse(value.replaceFirst("^jdbc:", ""));
					}
					else if (name.equals("KAFKA_BOOTSTRAP_SERVERS")) {
						address = HostPort.parse(value.split(",")[0]);
					}
					else if (name.equals("REDIS_HOST")) {
						address = new HostPort(value, Integer.parseInt(environment(objects, container)
							.getOrDefault("REDIS_PORT", "6379")));
					}
					else {
						continue;
					}
					addresses++;
					if (List.of("127.0.0.1", "localhost").contains(address.host())
							&& String.valueOf(address.port()).equals(environment(objects, container).get("HTTP_PORT"))) {
						continue; // the service itself, in its own pod (auth-server's own keys)
					}
					Map<String, Object> target = find(objects, "Service", address.host());
					if (target == null) {
						if (name.equals("DB_URL") && address.host().endsWith("-rw")
								&& find(objects, "Cluster", address.host().replaceFirst("-rw$", "")) != null) {
							continue;
						}
						if (name.equals("KAFKA_BOOTSTRAP_SERVERS") && address.host().endsWith("-kafka-bootstrap")
								&& find(objects, "Kafka", address.host().replaceFirst("-kafka-bootstrap$", "")) != null) {
							continue;
						}
						problems.add(where + ": host " + address.host() + " is no Service of the overlay (nor an"
								+ " operator's Service)");
						continue;
					}
					boolean portFound = list(path(target, "spec", "ports")).stream()
						.anyMatch((port) -> Objects.equals(map(port).get("port"), address.port()));
					if (!portFound) {
						problems.add(where + ": Service " + address.host() + " has no port " + address.port());
					}
					if (value.startsWith("dns:///") && !"None".equals(path(target, "spec", "clusterIP"))) {
						problems.add(where + ": a dns:/// gRPC target must be a headless Service (clusterIP: None),"
								+ " or every call rides one connection to one pod");
					}
				}
			}
		}
		System.out.printf("kustomize: %d addresses checked%n", addresses);
		assertNoProblems("addresses", problems);
	}

	@Test
	void networkPoliciesAllowExactlyTheDeclaredServiceEdges() {
		Set<String> declaredEdges = new TreeSet<>();
		declared.values().forEach((service) -> service.calls()
			.forEach((callee) -> declaredEdges.add(service.name() + " -> " + callee)));
		assertThat(declaredEdges).as("edges declared by the calls of platform.yaml").isNotEmpty();
		Path edgesFile = root.resolve("infra/k8s/components/network-policies/service-edges.yaml");
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			List<Map<String, Object>> objects = overlay.getValue();
			List<Map<String, Object>> policies = ofKind(objects, "NetworkPolicy");
			if (policies.isEmpty()) {
				problems.add(overlay.getKey() + ": no NetworkPolicy (components/network-policies is not used)");
				continue;
			}
			Map<String, Map<String, Object>> podLabels = new LinkedHashMap<>();
			Map<String, Map<String, Object>> pods = new LinkedHashMap<>();
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(objects, "Deployment", service);
				if (deployment != null) {
					podLabels.put(service, map(path(deployment, "spec", "template", "metadata", "labels")));
					pods.put(service, map(path(deployment, "spec", "template", "spec")));
				}
			}
			Set<String> ingressEdges = new TreeSet<>();
			Set<String> egressEdges = new TreeSet<>();
			Set<String> deniedByDefault = new TreeSet<>();
			Set<String> admitted = new TreeSet<>();
			for (Map<String, Object> policy : policies) {
				Map<String, Object> selector = map(path(policy, "spec", "podSelector"));
				List<?> types = list(path(policy, "spec", "policyTypes"));
				for (Map.Entry<String, Map<String, Object>> subject : podLabels.entrySet()) {
					if (!selects(selector, subject.getValue())) {
						continue;
					}
					String service = subject.getKey();
					if (types.contains("Ingress") && types.contains("Egress") && list(path(policy, "spec", "ingress")).isEmpty()
							&& list(path(policy, "spec", "egress")).isEmpty()) {
						deniedByDefault.add(service);
					}
					if (!list(path(policy, "spec", "ingress")).isEmpty()) {
						admitted.add(service);
					}
					for (Object rule : list(path(policy, "spec", "ingress"))) {
						List<?> from = list(map(rule).get("from"));
						for (Object peer : from) {
							for (String caller : peerServices(map(peer), podLabels)) {
								ingressEdges.add(caller + " -> " + service);
								checkPorts(overlay.getKey(), "ingress of " + service + " from " + caller, map(rule),
										pods.get(service), problems);
							}
						}
						if (from.isEmpty() && !ENTRY_POINTS.contains(service)) {
							problems.add(overlay.getKey() + ": " + name(policy) + " lets anyone reach " + service
									+ "; only " + ENTRY_POINTS + " are the platform's entry points");
						}
						if (from.isEmpty() && list(map(rule).get("ports")).stream()
							.anyMatch((port) -> !"http".equals(map(port).get("port")))) {
							problems.add(overlay.getKey() + ": " + name(policy) + " opens " + service
									+ " to everyone on a port other than its HTTP port (named http)");
						}
						if (from.stream().anyMatch((peer) -> "observability".equals(path(peer, "podSelector", "matchLabels",
								"app.kubernetes.io/name")))
								&& list(map(rule).get("ports")).stream().anyMatch((port) -> !"management".equals(map(port).get("port")))) {
							problems.add(overlay.getKey() + ": " + name(policy) + " lets the scrape reach " + service
									+ " on a port other than its management port");
						}
					}
					for (Object rule : list(path(policy, "spec", "egress"))) {
						List<?> to = list(map(rule).get("to"));
						for (Object peer : to) {
							for (String callee : peerServices(map(peer), podLabels)) {
								egressEdges.add(service + " -> " + callee);
								checkPorts(overlay.getKey(), "egress of " + service + " to " + callee, map(rule),
										pods.get(callee), problems);
							}
						}
						if (to.isEmpty()) {
							problems.add(overlay.getKey() + ": " + name(policy) + " lets " + service
									+ " reach any destination");
						}
					}
				}
			}
			if (!deniedByDefault.containsAll(podLabels.keySet())) {
				problems.add(overlay.getKey() + ": no default-deny policy (Ingress and Egress, no rules) for "
						+ new TreeSet<>(podLabels.keySet()).stream().filter((s) -> !deniedByDefault.contains(s)).toList());
			}
			for (String service : SERVICES) {
				if (!podLabels.containsKey(service)) {
					continue; // no Deployment: reported by everyOverlayRunsEveryServiceWithItsServiceAccountAndServices
				}
				if (!admitted.contains(service)) {
					problems.add(overlay.getKey() + ": no NetworkPolicy lets anything reach " + service + " ("
							+ root.relativize(edgesFile) + " has no policy for it; "
							+ DeclaredServices.lineOf(root, root.resolve(DeclaredServices.FILE), "  " + service + ":")
							+ " declares it)");
				}
			}
			edgeProblems(overlay.getKey(), "ingress", ingressEdges, declaredEdges, edgesFile, problems);
			edgeProblems(overlay.getKey(), "egress", egressEdges, declaredEdges, edgesFile, problems);
			System.out.printf("kustomize: overlay %s, %d NetworkPolicies: ingress edges %d, egress edges %d,"
					+ " declared edges %d%n", overlay.getKey(), policies.size(), ingressEdges.size(), egressEdges.size(),
					declaredEdges.size());
		}
		assertNoProblems("network policies vs. the declared dependency graph", problems);
	}

	@Test
	void actuatorIsOnTheManagementPortTheScrapeUsesAndEveryValidatorTrustsTheOneIssuer() {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, List<Map<String, Object>>> overlay : overlays.entrySet()) {
			Set<String> issuers = new TreeSet<>();
			for (String service : SERVICES) {
				Map<String, Object> deployment = find(overlay.getValue(), "Deployment", service);
				if (deployment == null) {
					continue;
				}
				Map<String, Object> container = serviceContainer(map(path(deployment, "spec", "template", "spec")), service);
				Map<String, String> environment = environment(overlay.getValue(), container);
				String where = overlay.getKey() + ": " + service;
				String managementPort = environment.get("MANAGEMENT_PORT");
				Integer named = containerPort(container, "management");
				if (managementPort == null || named == null || !managementPort.equals(String.valueOf(named))) {
					problems.add(where + ": MANAGEMENT_PORT=" + managementPort + " but the container port named"
							+ " management is " + named + " (the scrape keeps that port name)");
				}
				for (Map<String, Object> svc : ofKind(overlay.getValue(), "Service")) {
					if (service.equals(path(svc, "spec", "selector", "app.kubernetes.io/name"))
							&& list(path(svc, "spec", "ports")).stream().anyMatch((port) -> "management".equals(map(port)
								.get("targetPort")) || Objects.equals(String.valueOf(map(port).get("targetPort")), managementPort))) {
						problems.add(where + ": Service " + name(svc) + " exposes the management port (actuator)");
					}
				}
				Optional.ofNullable(environment.get("AUTH_ISSUER_URI")).ifPresent(issuers::add);
				if (!service.equals("auth-server") && !environment.containsKey("AUTH_ISSUER_URI")) {
					problems.add(where + ": validates tokens but gets no AUTH_ISSUER_URI");
				}
			}
			if (issuers.size() != 1) {
				problems.add(overlay.getKey() + ": the issuer differs between the services and auth-server: " + issuers
						+ "; a token's iss must match every validator's AUTH_ISSUER_URI");
			}
		}
		String scrape = read(root.resolve("infra/observability/prometheus/prometheus-kubernetes.yaml"));
		if (!scrape.contains("regex: management")) {
			problems.add("prometheus-kubernetes.yaml does not keep the container port named management");
		}
		assertNoProblems("management port and issuer", problems);
	}

	@Test
	void prodRunsAuthServerReplicatedWithOneSigningKeyFromASecret() {
		List<Map<String, Object>> prod = overlays.get("prod");
		Map<String, Object> deployment = find(prod, "Deployment", "auth-server");
		assertThat(deployment).as("prod: Deployment auth-server").isNotNull();
		Map<String, Object> pod = map(path(deployment, "spec", "template", "spec"));
		Map<String, Object> container = serviceContainer(pod, "auth-server");
		String location = environment(prod, container).get("AUTH_SIGNING_KEY_LOCATION");
		assertThat(location).as("prod: AUTH_SIGNING_KEY_LOCATION (every replica must sign with the same key)")
			.startsWith("file:/");
		String file = location.substring("file:".length());
		Map<String, Object> mount = list(container.get("volumeMounts")).stream().map(KubernetesManifestsTests::map)
			.filter((m) -> file.startsWith(m.get("mountPath") + "/"))
			.findFirst()
			.orElse(Map.of());
		Map<String, Object> volume = list(pod.get("volumes")).stream().map(KubernetesManifestsTests::map)
			.filter((v) -> Objects.equals(v.get("name"), mount.get("name")))
			.findFirst()
			.orElse(Map.of());
		assertThat(path(volume, "secret", "secretName")).as("prod: the signing key %s comes from a Secret volume", file)
			.isNotNull();
		assertThat(path(volume, "secret", "optional")).as("prod: the signing key Secret is not optional")
			.isNotEqualTo(Boolean.TRUE);
		assertThat(path(deployment, "spec", "replicas")).as("prod: auth-server replicas").isEqualTo(2);
	}

	@Test
	void prodRunsEveryServiceReplicatedOnOperatorManagedKafkaAndPostgres() {
		List<Map<String, Object>> prod = overlays.get("prod");
		List<String> problems = new ArrayList<>();
		for (String service : SERVICES) {
			Map<String, Object> deployment = find(prod, "Deployment", service);
			if (deployment == null) {
				continue;
			}
			if (!(path(deployment, "spec", "replicas") instanceof Integer replicas) || replicas < 2) {
				problems.add("prod: " + service + " runs " + path(deployment, "spec", "replicas") + " replica(s), expected 2+");
			}
		}
		// Kafka through Strimzi: replicated brokers, the order events topic as a KafkaTopic
		int brokers = ofKind(prod, "KafkaNodePool").stream()
			.filter((pool) -> list(path(pool, "spec", "roles")).contains("broker"))
			.mapToInt((pool) -> (path(pool, "spec", "replicas") instanceof Integer replicas) ? replicas : 0)
			.sum();
		if (ofKind(prod, "Kafka").isEmpty() || brokers < 3) {
			problems.add("prod: no Strimzi Kafka with 3+ brokers (found " + brokers + ")");
		}
		String topic = string(path(yaml(resources("order-service").resolve("application.yaml")), "platform", "order",
				"outbox", "topic"));
		boolean topicDeclared = ofKind(prod, "KafkaTopic").stream()
			.anyMatch((kafkaTopic) -> topic != null && topic.equals(path(kafkaTopic, "spec", "topicName"))
					&& path(kafkaTopic, "spec", "replicas") instanceof Integer replicas && replicas >= 3);
		if (!topicDeclared) {
			problems.add("prod: no KafkaTopic with 3+ replicas for order-service's topic " + topic);
		}
		if (ofKind(prod, "Deployment").stream().anyMatch((d) -> List.of("kafka", "postgres").contains(name(d)))) {
			problems.add("prod: runs the single-pod development Kafka/PostgreSQL (components/dev-infra)");
		}
		// PostgreSQL through CloudNativePG: each service's database is a Cluster of 2+ instances
		for (Map<String, Object> cluster : ofKind(prod, "Cluster")) {
			if (!(path(cluster, "spec", "instances") instanceof Integer instances) || instances < 2) {
				problems.add("prod: CloudNativePG Cluster " + name(cluster) + " has fewer than 2 instances");
			}
		}
		System.out.printf("kustomize: prod has %d PDBs, %d HPAs, %d Kafka brokers, %d KafkaTopics, %d PostgreSQL"
				+ " Clusters%n", ofKind(prod, "PodDisruptionBudget").size(), ofKind(prod, "HorizontalPodAutoscaler").size(),
				brokers, ofKind(prod, "KafkaTopic").size(), ofKind(prod, "Cluster").size());
		assertNoProblems("prod overlay", problems);
	}

	// --- the network policy model

	/** Each edge the policies allow but platform.yaml does not declare, and each declared edge they do not allow. */
	private static void edgeProblems(String overlay, String direction, Set<String> allowed, Set<String> declaredEdges,
			Path edgesFile, List<String> problems) {
		for (String edge : allowed) {
			if (!declaredEdges.contains(edge)) {
				String caller = edge.substring(0, edge.indexOf(" -> "));
				problems.add(overlay + ": " + direction + " rules allow " + edge + " (" + DeclaredServices.lineOf(root,
						edgesFile, edge.substring(edge.indexOf(" -> ") + 4)) + "), but "
						+ DeclaredServices.locate(root, root.resolve(DeclaredServices.FILE), caller + ":", "calls")
						+ " does not declare that call");
			}
		}
		for (String edge : declaredEdges) {
			if (!allowed.contains(edge)) {
				String caller = edge.substring(0, edge.indexOf(" -> "));
				problems.add(overlay + ": " + direction + " rules do not allow " + edge + ", which "
						+ DeclaredServices.locate(root, root.resolve(DeclaredServices.FILE), caller + ":", "calls")
						+ " declares (" + root.relativize(edgesFile) + ")");
			}
		}
	}

	/** The platform services a peer (podSelector without namespaceSelector: same namespace) selects. */
	private static List<String> peerServices(Map<String, Object> peer, Map<String, Map<String, Object>> podLabels) {
		if (peer.containsKey("ipBlock") || peer.containsKey("namespaceSelector") || !peer.containsKey("podSelector")) {
			return List.of();
		}
		Map<String, Object> selector = map(peer.get("podSelector"));
		return podLabels.entrySet().stream().filter((pod) -> selects(selector, pod.getValue())).map(Map.Entry::getKey)
			.toList();
	}

	private static void checkPorts(String overlay, String edge, Map<String, Object> rule, Map<String, Object> pod,
			List<String> problems) {
		List<?> ports = list(rule.get("ports"));
		if (ports.isEmpty()) {
			problems.add(overlay + ": " + edge + " is allowed on every port");
		}
		for (Object port : ports) {
			Object value = map(port).get("port");
			if (pod != null && containers(pod).stream().noneMatch((container) -> containerPort(container, value) != null)) {
				problems.add(overlay + ": " + edge + " on port " + value + ", on which the pod does not listen");
			}
		}
	}

	private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
		if (map(selector).containsKey("matchExpressions")) {
			return false;
		}
		return matches(map(selector.get("matchLabels")), labels);
	}

	// --- services and their configuration

	/** The variables a container gets: env (values, or the Secret/ConfigMap key they come from) and envFrom. */
	private static Map<String, String> environment(List<Map<String, Object>> objects, Map<String, Object> container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object source : list(container.get("envFrom"))) {
			String configMap = string(path(map(source), "configMapRef", "name"));
			String secret = string(path(map(source), "secretRef", "name"));
			Map<String, Object> object = (configMap != null) ? find(objects, "ConfigMap", configMap)
					: find(objects, "Secret", secret);
			String prefix = Objects.toString(map(source).get("prefix"), "");
			if (object != null) {
				map(object.get("data")).forEach((key, value) -> environment.put(prefix + key, Objects.toString(value, "")));
			}
		}
		for (Object entry : list(container.get("env"))) {
			Map<String, Object> variable = map(entry);
			environment.put(variable.get("name").toString(), Objects.toString(variable.get("value"), "<from "
					+ map(variable.get("valueFrom")).keySet() + ">"));
		}
		return environment;
	}

	private static Optional<Map<String, Object>> env(Map<String, Object> container, String name) {
		return list(container.get("env")).stream().map(KubernetesManifestsTests::map)
			.filter((variable) -> name.equals(variable.get("name"))).findFirst();
	}

	/**
	 * Placeholders of application.yaml whose property an active profile's file replaces (e.g. the gateway's simple
	 * discovery instances, emptied by application-kubernetes.yaml): the pod need not set them.
	 */
	private static Set<String> overriddenByProfiles(String service, String activeProfiles) {
		Set<String> overridden = new TreeSet<>();
		if (activeProfiles == null) {
			return overridden;
		}
		Map<String, String> base = new LinkedHashMap<>();
		flatten("", yaml(resources(service).resolve("application.yaml")), base);
		for (String profile : activeProfiles.split(",")) {
			Path file = resources(service).resolve("application-" + profile.trim() + ".yaml");
			if (!Files.isRegularFile(file)) {
				continue;
			}
			Map<String, String> replaced = new LinkedHashMap<>();
			flatten("", yaml(file), replaced);
			base.forEach((key, value) -> {
				boolean replacedByProfile = replaced.keySet().stream()
					.anyMatch((prefix) -> key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "["));
				Matcher matcher = PLACEHOLDER.matcher(value);
				while (replacedByProfile && matcher.find()) {
					overridden.add(matcher.group(1));
				}
			});
		}
		return overridden;
	}

	/** Spring-style keys (a.b[0].c) of a YAML tree; an empty list or map is a key of its own. */
	private static void flatten(String prefix, Object value, Map<String, String> keys) {
		if (value instanceof Map<?, ?> map && !map.isEmpty()) {
			map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, keys));
		}
		else if (value instanceof List<?> list && !list.isEmpty()) {
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), keys);
			}
		}
		else {
			keys.put(prefix, Objects.toString(value, ""));
		}
	}

	private static int shutdownPhaseSeconds() {
		Matcher matcher = Pattern.compile("spring\\.lifecycle\\.timeout-per-shutdown-phase=(\\d+)s")
			.matcher(read(root.resolve(STARTER_RESOURCES).resolve("META-INF/platform/defaults.properties")));
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 30;
	}

	private static Path resources(String service) {
		return root.resolve(service).resolve("src/main/resources");
	}

	private static List<Path> applicationFiles(String service) {
		try (Stream<Path> files = Files.list(resources(service))) {
			return files.filter((file) -> file.getFileName().toString().matches("application.*\\.ya?ml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The resources of the starter and of its opt-in parts (platform-*-spring-boot-starter). */
	private static List<Path> starterFiles() {
		return StarterResources.files(root).stream()
			.filter((file) -> file.toString().matches(".*\\.(properties|ya?ml)"))
			.toList();
	}

	/** Placeholder name to its default value (null when it has none). */
	private static Map<String, String> placeholders(List<Path> files) {
		Map<String, String> placeholders = new LinkedHashMap<>();
		for (Path file : files) {
			Matcher matcher = PLACEHOLDER.matcher(read(file));
			while (matcher.find()) {
				placeholders.merge(matcher.group(1), Objects.toString(matcher.group(2), ""),
						(first, second) -> first.isEmpty() ? second : first);
			}
		}
		return placeholders;
	}

	// --- rendering and reading

	private static Optional<Path> kubectl() {
		String path = Objects.toString(System.getenv("PATH"), "");
		return Stream.of(path.split(File.pathSeparator)).filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst();
	}

	private static List<Map<String, Object>> render(Path kubectl, Path overlay) throws IOException {
		Path output = Files.createTempFile("kustomize-", ".yaml");
		Path errors = Files.createTempFile("kustomize-", ".err");
		try {
			Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString())
				.redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("kubectl kustomize " + overlay + " did not finish within 60 s");
			}
			assertThat(process.exitValue()).as("kubectl kustomize %s failed: %s", root.relativize(overlay),
					Files.readString(errors)).isZero();
			List<Map<String, Object>> objects = new ArrayList<>();
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(output))) {
				if (document != null) {
					objects.add(map(document));
				}
			}
			return objects;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			Files.deleteIfExists(output);
			Files.deleteIfExists(errors);
		}
	}

	private static Map<String, Object> yaml(Path file) {
		Map<String, Object> merged = new LinkedHashMap<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
			merged.putAll(map(document));
		}
		return merged;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
		return objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
	}

	private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
		return ofKind(objects, kind).stream().filter((object) -> Objects.equals(name, name(object))).findFirst()
			.orElse(null);
	}

	private static List<Map<String, Object>> workloads(List<Map<String, Object>> objects) {
		return objects.stream().filter((object) -> POD_KINDS.contains(object.get("kind"))).toList();
	}

	private static List<Map<String, Object>> containers(Map<String, Object> pod) {
		List<Map<String, Object>> containers = new ArrayList<>();
		list(pod.get("initContainers")).forEach((container) -> containers.add(map(container)));
		list(pod.get("containers")).forEach((container) -> containers.add(map(container)));
		return containers;
	}

	private static Map<String, Object> serviceContainer(Map<String, Object> pod, String service) {
		return list(pod.get("containers")).stream().map(KubernetesManifestsTests::map)
			.filter((container) -> service.equals(container.get("name"))).findFirst()
			.orElseGet(() -> map(list(pod.get("containers")).get(0)));
	}

	/** The container port a (named or numeric) port reference resolves to, or null. */
	private static Integer containerPort(Map<String, Object> container, Object reference) {
		for (Object entry : list(container.get("ports"))) {
			Map<String, Object> port = map(entry);
			if (Objects.equals(port.get("name"), reference) || Objects.equals(port.get("containerPort"), reference)) {
				return (Integer) port.get("containerPort");
			}
		}
		return null;
	}

	private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
		return !labels.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
	}

	private static String name(Map<String, Object> object) {
		return string(path(object, "metadata", "name"));
	}

	private static Object path(Object object, String... keys) {
		Object current = object;
		for (String key : keys) {
			current = map(current).get(key);
		}
		return current;
	}

	private static String string(Object value) {
		return (value != null) ? value.toString() : null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

	private static void assertNoProblems(String what, List<String> problems) {
		assertThat(new LinkedHashSet<>(problems)).as("%s: %d problem(s)", what, problems.size()).isEmpty();
	}

	/** Host and port of a URL, a gRPC target (static://h:p, dns:///h:p) or host:port. */
	record HostPort(String host, int port) {

		static HostPort parse(String address) {
			String rest = address.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:(?=//)", "").replaceFirst("^/+", "");
			rest = rest.replaceFirst("[/?].*$", "");
			int colon = rest.lastIndexOf(':');
			if (colon < 0) {
				return new HostPort(rest, address.startsWith("https") ? 443 : 80);
			}
			return new HostPort(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
		}

	}

}
