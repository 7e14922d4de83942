package com.example.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The one place that decides where integration tests get PostgreSQL, Redis and Kafka from.
 * <ul>
 * <li>{@code PLATFORM_TEST_INFRA=docker}: Testcontainers (one container of each per JVM).</li>
 * <li>{@code PLATFORM_TEST_INFRA=local}: the local PostgreSQL and Redis servers
 * ({@code PLATFORM_TEST_POSTGRES_HOST/PORT/USER/PASSWORD}, {@code PLATFORM_TEST_REDIS_HOST/PORT};
 * defaults 127.0.0.1:5432 user postgres, 127.0.0.1:6379) and an embedded KRaft Kafka broker.</li>
 * <li>unset ({@code auto}): docker when a Docker engine answers, else local.</li>
 * </ul>
 * A server that does not answer is a failure that says how to provide one, never a skip.
 */
public final class PlatformInfrastructure {

	private static final List<Database> createdDatabases = new CopyOnWriteArrayList<>();

	private static volatile Boolean docker;

	private static volatile EmbeddedKafkaKraftBroker embeddedKafka;

	private static volatile String kafkaBootstrapServers;

	private PlatformInfrastructure() {
	}

	/** Whether this JVM takes its infrastructure from Docker (Testcontainers). */
	public static synchronized boolean usesDocker() {
		if (docker == null) {
			String mode = env("PLATFORM_TEST_INFRA", "auto").toLowerCase(Locale.ROOT);
			docker = switch (mode) {
				case "docker" -> true;
				case "local" -> false;
				default -> dockerEngineLikelyPresent() && DockerInfrastructure.dockerAvailable();
			};
		}
		return docker;
	}

	/** A new, empty database, dropped when the JVM exits. */
	public static Database newDatabase(String prefix) {
		String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		ServerCoordinates server = postgresServer();
		try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(postgresHelp(server, ex), ex);
		}
		Database database = new Database(name, server.urlOf(name), server.username(), server.password());
		registerDrop(database, server);
		return database;
	}

	/** {@code host:port} of a Kafka broker, started on first use and shared by the JVM. */
	public static synchronized String kafkaBootstrapServers() {
		if (kafkaBootstrapServers == null) {
			if (usesDocker()) {
				kafkaBootstrapServers = DockerInfrastructure.kafkaBootstrapServers();
			}
			else {
				EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
				broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3",
						"group.initial.rebalance.delay.ms", "0", "log.dir",
						tempDir("platform-test-kafka").toString()));
				broker.afterPropertiesSet();
				embeddedKafka = broker;
				kafkaBootstrapServers = broker.getBrokersAsString();
				Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
			}
		}
		return kafkaBootstrapServers;
	}

	/** Host and port of a Redis server that answers PING. */
	public static synchronized InetSocketAddress redis() {
		if (usesDocker()) {
			return DockerInfrastructure.redis();
		}
		String host = env("PLATFORM_TEST_REDIS_HOST", "127.0.0.1");
		int port = Integer.parseInt(env("PLATFORM_TEST_REDIS_PORT", "6379"));
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.read(answer);
			if (read < 5 || !new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
				throw new IOException("unexpected answer to PING");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Redis does not answer at " + host + ":" + port + " (" + ex.getMessage()
					+ "). Start it (e.g. `redis-server --daemonize yes --port " + port
					+ "`), point PLATFORM_TEST_REDIS_HOST/PORT at one, or run where Docker is available"
					+ " (PLATFORM_TEST_INFRA=docker).", ex);
		}
		return new InetSocketAddress(host, port);
	}

	static ServerCoordinates postgresServer() {
		if (usesDocker()) {
			return DockerInfrastructure.postgres();
		}
		return new ServerCoordinates(env("PLATFORM_TEST_POSTGRES_HOST", "127.0.0.1"),
				Integer.parseInt(env("PLATFORM_TEST_POSTGRES_PORT", "5432")), env("PLATFORM_TEST_POSTGRES_USER", "postgres"),
				env("PLATFORM_TEST_POSTGRES_PASSWORD", "postgres"));
	}

	private static String postgresHelp(ServerCoordinates server, SQLException ex) {
		return "PostgreSQL does not accept connections at " + server.host() + ":" + server.port() + " as user "
				+ server.username() + " (" + ex.getMessage() + "). Start it (Debian: `pg_ctlcluster --skip-systemctl-redirect"
				+ " $(ls /etc/postgresql) main start`), point PLATFORM_TEST_POSTGRES_HOST/PORT/USER/PASSWORD at one, or"
				+ " run where Docker is available (PLATFORM_TEST_INFRA=docker).";
	}

	private static void registerDrop(Database database, ServerCoordinates server) {
		if (createdDatabases.isEmpty()) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(server), "platform-test-drop-databases"));
		}
		createdDatabases.add(database);
	}

	private static void dropAll(ServerCoordinates server) {
		try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			for (Database database : createdDatabases) {
				// FORCE: the application contexts may still hold pooled connections at JVM exit.
				statement.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
			}
		}
		catch (SQLException ex) {
			System.err.println("platform-test: could not drop test databases: " + ex.getMessage());
		}
	}

	private static boolean dockerEngineLikelyPresent() {
		// Asking Testcontainers directly logs a large ERROR block on machines without Docker.
		return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
	}

	private static Path tempDir(String prefix) {
		try {
			Path dir = Files.createTempDirectory(prefix);
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a temporary folder", ex);
		}
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	record ServerCoordinates(String host, int port, String username, String password) {

		String adminUrl() {
			return urlOf("postgres");
		}

		String urlOf(String database) {
			return "jdbc:postgresql://" + host + ":" + port + "/" + database;
		}

	}

}
