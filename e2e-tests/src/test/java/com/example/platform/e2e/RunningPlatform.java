package com.example.platform.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import tools.jackson.databind.json.JsonMapper;

import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;
import com.example.platform.test.security.TestIssuer;

/**
 * The whole platform, each service as its own JVM started from its packaged jar, on random
 * ports, with a database each on the real PostgreSQL and the shared real Kafka broker, and
 * every service exporting its spans to an in-test OTLP receiver; auth-server issues the tokens (with a signing key
 * this suite generated, so it can also sign tokens that must be refused). Started once per JVM.
 */
final class RunningPlatform {

	/** The platform's command-line client (auth-server's default registration). */
	static final String CLIENT_ID = "platform-cli";

	static final String CLIENT_SECRET = "platform-cli-secret";

	static final String OTHER_CLIENT_ID = "e2e-other";

	static final String OTHER_CLIENT_SECRET = "e2e-other-secret";

	static final String[] ALL_SCOPES = { "customers.read", "customers.write", "orders.read", "orders.write",
			"notifications.read" };

	private static RunningPlatform instance;

	private final Path repositoryRoot = Path.of(System.getProperty("platform.repository.root", ".."))
		.toAbsolutePath()
		.normalize();

	private final String version = System.getProperty("platform.version", "0.1.0-SNAPSHOT");

	private final Path logFolder = this.repositoryRoot.resolve("e2e-tests/target/e2e-logs");

	private final Map<String, Process> processes = new LinkedHashMap<>();

	private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

	private final Map<String, Integer> managementPorts = new LinkedHashMap<>();

	/** How each service was launched, so that {@link #restart} starts it again the same way. */
	private final Map<String, Launch> launches = new LinkedHashMap<>();

	/** auth-server signs with this key, so tests can sign claims it never would (expired, other audience). */
	private RSAKey signingKey;

	private final OtlpTraceReceiver traces;

	static synchronized RunningPlatform get() {
		if (instance == null) {
			instance = new RunningPlatform();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-platform-stop"));
		}
		return instance;
	}

	private RunningPlatform() {
		try {
			this.traces = new OtlpTraceReceiver();
			Files.createDirectories(this.logFolder);
			start();
		}
		catch (IOException ex) {
			stop();
			throw new IllegalStateException("Could not start the platform", ex);
		}
		catch (RuntimeException ex) {
			// e.g. a service not ready in time: without this its JVMs would outlive the test run, still writing
			// into the log files of the next one
			stop();
			throw ex;
		}
	}

	String gatewayUrl() {
		return "http://127.0.0.1:" + this.httpPorts.get("gateway");
	}

	String serviceUrl(String service) {
		return "http://127.0.0.1:" + this.httpPorts.get(service);
	}

	/** Where the service's actuator is: its management port, which the gateway never routes to. */
	String managementUrl(String service) {
		return "http://127.0.0.1:" + this.managementPorts.get(service);
	}

	String issuerUri() {
		return serviceUrl("auth-server");
	}

	/** Signs with auth-server's own key and kid: only the claims a test changes make a token invalid. */
	TestIssuer issuerKey() {
		return TestIssuer.signingWith(this.signingKey, issuerUri());
	}

	/** A real access token from auth-server, client credentials grant. */
	String clientToken(String clientId, String secret, String... scopes) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		String form = "grant_type=client_credentials&scope=" + String.join("%20", scopes);
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUri() + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Token request for " + clientId + " answered " + response.statusCode()
						+ ": " + response.body());
			}
			return new JsonMapper().readTree(response.body()).get("access_token").asString();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Token request failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops the service (SIGTERM, as an orchestrator does) and starts it again with the same ports, database and
	 * settings; returns once it answers /readyz. Its log goes on in the same file.
	 */
	synchronized void restart(String service) {
		Process process = this.processes.get(service);
		process.destroy();
		try {
			if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
			Launch launch = this.launches.get(service);
			launch(service, launch.environment(), launch.arguments(), true);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		awaitReady(service, Instant.now().plus(Duration.ofSeconds(120)));
	}

	Path logOf(String service) {
		return this.logFolder.resolve(service + ".log");
	}

	OtlpTraceReceiver traces() {
		return this.traces;
	}

	private void start() throws IOException {
		String kafka = PlatformInfrastructure.kafkaBootstrapServers();
		int customerGrpcPort = freePort();
		for (String service : List.of("auth-server", "customer-service", "order-service", "notification-service",
				"gateway")) {
			this.httpPorts.put(service, freePort());
			this.managementPorts.put(service, freePort());
		}

		launch("auth-server", authServer(), testClients());

		Map<String, String> customer = database("customer");
		customer.put("GRPC_PORT", String.valueOf(customerGrpcPort));
		customer.put("KAFKA_BOOTSTRAP_SERVERS", kafka); // order statistics consumer
		launch("customer-service", withIssuer(customer));

		Map<String, String> order = database("order");
		order.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
		order.put("CUSTOMER_SERVICE_GRPC_TARGET", "static://127.0.0.1:" + customerGrpcPort);
		// its own token (client credentials) for the credit releases it owes after giving up on a reservation
		order.put("AUTH_TOKEN_URI", issuerUri() + "/oauth2/token");
		launch("order-service", withIssuer(order));

		Map<String, String> notification = database("notification");
		notification.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
		notification.put("CUSTOMER_SERVICE_URL", serviceUrl("customer-service"));
		// one service logs structured JSON, as in containers, so the suite checks both log formats
		notification.put("LOG_FORMAT", "ecs");
		notification.put("AUTH_TOKEN_URI", issuerUri() + "/oauth2/token");
		launch("notification-service", withIssuer(notification));

		Map<String, String> gateway = new LinkedHashMap<>();
		gateway.put("CUSTOMER_SERVICE_URL", serviceUrl("customer-service"));
		gateway.put("ORDER_SERVICE_URL", serviceUrl("order-service"));
		gateway.put("NOTIFICATION_SERVICE_URL", serviceUrl("notification-service"));
		InetSocketAddress redis = PlatformInfrastructure.redis();
		gateway.put("REDIS_HOST", redis.getHostString());
		gateway.put("REDIS_PORT", String.valueOf(redis.getPort()));
		// The fuzz test sends tens of thousands of requests as one principal; the limiter's own counts are proven
		// in the gateway module. Everything else about the edge is as configured.
		gateway.put("RATE_LIMIT_REPLENISH_RATE", "100000");
		gateway.put("RATE_LIMIT_BURST_CAPACITY", "100000");
		launch("gateway", withIssuer(gateway));

		Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
		for (String service : this.processes.keySet()) {
			awaitReady(service, deadline);
		}
	}

	private Map<String, String> authServer() throws IOException {
		Path pem = this.logFolder.resolve("auth-signing-key.pem");
		try {
			this.signingKey = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
			Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(this.signingKey.toPrivateKey().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n");
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("AUTH_ISSUER_URI", issuerUri());
		environment.put("AUTH_SIGNING_KEY_LOCATION", "file:" + pem);
		return environment;
	}

	/** A second machine principal, only in this suite: "another principal" for the ownership checks. */
	private static List<String> testClients() {
		String client = "--spring.security.oauth2.authorizationserver.client.e2e-other.";
		return List.of(client + "registration.client-id=" + OTHER_CLIENT_ID,
				client + "registration.client-secret={noop}" + OTHER_CLIENT_SECRET,
				client + "registration.client-authentication-methods=client_secret_basic",
				client + "registration.authorization-grant-types=client_credentials",
				client + "registration.scopes=customers.read,customers.write,orders.read,orders.write,notifications.read");
	}

	private Map<String, String> withIssuer(Map<String, String> environment) {
		environment.put("AUTH_ISSUER_URI", issuerUri());
		environment.put("AUTH_JWK_SET_URI", issuerUri() + "/oauth2/jwks");
		return environment;
	}

	private static Map<String, String> database(String prefix) {
		Database database = PlatformInfrastructure.newDatabase("e2e_" + prefix);
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DB_URL", database.url());
		environment.put("DB_USER", database.username());
		environment.put("DB_PASSWORD", database.password());
		return environment;
	}

	private void launch(String service, Map<String, String> environment) throws IOException {
		launch(service, environment, List.of());
	}

	private void launch(String service, Map<String, String> environment, List<String> arguments) throws IOException {
		launch(service, environment, arguments, false);
	}

	private void launch(String service, Map<String, String> environment, List<String> arguments, boolean appendLog)
			throws IOException {
		this.launches.put(service, new Launch(Map.copyOf(environment), List.copyOf(arguments)));
		Path jar = this.repositoryRoot.resolve(service).resolve("target").resolve(service + "-" + this.version + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run the build from the repository root (./mvnw verify)");
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx384m",
				"--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
				// spans leave quickly so the trace test does not wait for the default 5 s batch delay
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + this.traces.tracesEndpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=200ms"));
		command.addAll(arguments);
		java.io.File log = this.logFolder.resolve(service + ".log").toFile();
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log) : ProcessBuilder.Redirect.to(log));
		builder.environment().putAll(environment);
		builder.environment().put("HTTP_PORT", String.valueOf(this.httpPorts.get(service)));
		builder.environment().put("MANAGEMENT_PORT", String.valueOf(this.managementPorts.get(service)));
		builder.environment().put("PLATFORM_ENVIRONMENT", "e2e");
		this.processes.put(service, builder.start());
	}

	private void awaitReady(String service, Instant deadline) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		URI readiness = URI.create(serviceUrl(service) + "/readyz");
		while (Instant.now().isBefore(deadline)) {
			Process process = this.processes.get(service);
			if (!process.isAlive()) {
				throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see "
						+ this.logFolder.resolve(service + ".log"));
			}
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(250);
		}
		throw new IllegalStateException(service + " was not ready in time; see " + this.logFolder.resolve(service + ".log"));
	}

	private void stop() {
		this.processes.values().forEach(Process::destroy);
		for (Process process : this.processes.values()) {
			try {
				if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		if (this.traces != null) {
			this.traces.close();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Launch(Map<String, String> environment, List<String> arguments) {
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
