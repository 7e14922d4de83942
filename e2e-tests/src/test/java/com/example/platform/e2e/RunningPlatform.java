package com.example.platform.e2e;

import java.io.IOException;
import java.net.ServerSocket;
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

import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;

/**
 * The whole platform, each service as its own JVM started from its packaged jar, on random
 * ports, with a database each on the real PostgreSQL and the shared real Kafka broker, and
 * every service exporting its spans to an in-test OTLP receiver. Started once per JVM.
 */
final class RunningPlatform {

	private static RunningPlatform instance;

	private final Path repositoryRoot = Path.of(System.getProperty("platform.repository.root", ".."))
		.toAbsolutePath()
		.normalize();

	private final String version = System.getProperty("platform.version", "0.1.0-SNAPSHOT");

	private final Path logFolder = this.repositoryRoot.resolve("e2e-tests/target/e2e-logs");

	private final Map<String, Process> processes = new LinkedHashMap<>();

	private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

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
	}

	String gatewayUrl() {
		return "http://127.0.0.1:" + this.httpPorts.get("gateway");
	}

	String serviceUrl(String service) {
		return "http://127.0.0.1:" + this.httpPorts.get(service);
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
		for (String service : List.of("customer-service", "order-service", "notification-service", "gateway")) {
			this.httpPorts.put(service, freePort());
		}

		Map<String, String> customer = database("customer");
		customer.put("GRPC_PORT", String.valueOf(customerGrpcPort));
		customer.put("KAFKA_BOOTSTRAP_SERVERS", kafka); // order statistics consumer
		launch("customer-service", customer);

		Map<String, String> order = database("order");
		order.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
		order.put("CUSTOMER_SERVICE_GRPC_TARGET", "static://127.0.0.1:" + customerGrpcPort);
		launch("order-service", order);

		Map<String, String> notification = database("notification");
		notification.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
		notification.put("CUSTOMER_SERVICE_URL", serviceUrl("customer-service"));
		// one service logs structured JSON, as in containers, so the suite checks both log formats
		notification.put("LOG_FORMAT", "ecs");
		launch("notification-service", notification);

		Map<String, String> gateway = new LinkedHashMap<>();
		gateway.put("CUSTOMER_SERVICE_URL", serviceUrl("customer-service"));
		gateway.put("ORDER_SERVICE_URL", serviceUrl("order-service"));
		gateway.put("NOTIFICATION_SERVICE_URL", serviceUrl("notification-service"));
		launch("gateway", gateway);

		Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
		for (String service : this.processes.keySet()) {
			awaitReady(service, deadline);
		}
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
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.logFolder.resolve(service + ".log").toFile());
		builder.environment().putAll(environment);
		builder.environment().put("HTTP_PORT", String.valueOf(this.httpPorts.get(service)));
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
