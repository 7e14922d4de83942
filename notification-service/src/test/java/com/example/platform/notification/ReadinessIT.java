package com.example.platform.notification;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;
import com.example.platform.test.security.UseTestIssuer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * {@code /readyz} follows what the service needs (application.yaml: the database and the broker): 503 once it loses
 * either, 200 again once it is back, without a restart. Each is taken away by a {@link TcpProxy} between the service
 * and it. The broker is this test's own embedded one, advertising the proxy's address: clients connect to the
 * advertised address after bootstrap, and the shared broker advertises its own.
 */
// Short timeouts, so that a check of something gone fails in about a second (Hikari waits 30 s for a connection by
// default); the readiness group shows its members, so the test sees which one is down
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.hikari.connection-timeout=1000", "spring.datasource.hikari.validation-timeout=500",
				"platform.kafka.health.timeout=1s", "management.endpoint.health.group.readiness.show-components=always",
				"logging.level.org.apache.kafka=ERROR", "logging.level.kafka=WARN", "logging.level.state.change.logger=WARN" })
@UseTestIssuer
@DirtiesContext // nothing else runs on these servers: closed after the class, and the servers with it (Servers)
class ReadinessIT {

	/** Generous for a loaded machine; a check fails within about a second of the loss. */
	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final TcpProxy database = new TcpProxy();

	private static final TcpProxy broker = new TcpProxy();

	private static EmbeddedKafkaKraftBroker kafka;

	@LocalServerPort
	int port;

	@Autowired
	RestClient.Builder restClientBuilder;

	@DynamicPropertySource
	static void serversBehindProxies(DynamicPropertyRegistry registry) {
		Database own = PlatformInfrastructure.newDatabase("readiness");
		URI server = URI.create(own.url().substring("jdbc:".length()));
		database.forwardTo(server.getHost(), server.getPort());
		registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + own.name());
		registry.add("spring.datasource.username", own::username);
		registry.add("spring.datasource.password", own::password);

		// The embedded broker announces itself in system properties: other tests of this JVM must not see this one
		Map<String, String> announced = new HashMap<>();
		for (String property : List.of(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS, "spring.kafka.bootstrap-servers")) {
			announced.put(property, System.getProperty(property));
		}
		kafka = new EmbeddedKafkaKraftBroker(1, 1);
		kafka.brokerProperties(Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + broker.port(),
				"auto.create.topics.enable", "true", "group.initial.rebalance.delay.ms", "0"));
		try {
			kafka.afterPropertiesSet();
		}
		finally {
			announced.forEach(ReadinessIT::restore);
		}
		String listening = kafka.getBrokersAsString();
		int colon = listening.lastIndexOf(':');
		broker.forwardTo(listening.substring(0, colon), Integer.parseInt(listening.substring(colon + 1)));
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + broker.port());
	}

	@Test
	void notReadyWithoutItsDatabaseAndReadyAgainOnceItIsBack() throws IOException {
		lossAndReturn(database, "db");
	}

	@Test
	void notReadyWithoutItsBrokerAndReadyAgainOnceItIsBack() throws IOException {
		lossAndReturn(broker, "kafka");
	}

	private void lossAndReturn(TcpProxy proxy, String component) throws IOException {
		awaitReadiness(200, "everything UP");
		long cut = System.nanoTime();
		proxy.cut();
		Readiness down;
		try {
			down = awaitReadiness(503, component + " DOWN", (r) -> "DOWN".equals(r.status(component)));
		}
		finally {
			proxy.restore();
		}
		long notReady = System.nanoTime();
		awaitReadiness(200, "everything UP again");
		long readyAgain = System.nanoTime();
		System.out.printf("FIGURES readiness without %s: 503 after %d ms, 200 again %d ms after it came back (%s)%n",
				component, Duration.ofNanos(notReady - cut).toMillis(), Duration.ofNanos(readyAgain - notReady).toMillis(),
				down.body());
	}

	private Readiness awaitReadiness(int status, String alias) {
		return awaitReadiness(status, alias, (r) -> true);
	}

	private Readiness awaitReadiness(int status, String alias, Predicate<Readiness> and) {
		return await("/readyz " + status + ", " + alias).atMost(DEADLINE)
			.pollInterval(Duration.ofMillis(200))
			.until(this::readiness, (r) -> r.httpStatus() == status && and.test(r));
	}

	private Readiness readiness() {
		return this.restClientBuilder.clone()
			.build()
			.get()
			.uri("http://127.0.0.1:" + this.port + "/readyz")
			.exchange((request, response) -> new Readiness(response.getStatusCode().value(),
					response.bodyTo(new ParameterizedTypeReference<Map<String, Object>>() {
					})));
	}

	private static void restore(String property, String value) {
		if (value != null) {
			System.setProperty(property, value);
		}
		else {
			System.clearProperty(property);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Servers {

		/**
		 * Stops the proxies and the broker when the context closes (@DirtiesContext: right after this class), after
		 * the service's listeners have stopped: lifecycle beans stop before any bean is destroyed.
		 */
		@Bean
		DisposableBean readinessTestServers() {
			return () -> {
				database.close();
				broker.close();
				kafka.destroy();
			};
		}

	}

	record Readiness(int httpStatus, Map<String, Object> body) {

		/** The status of one member of the readiness group, null when it is not a member. */
		String status(String component) {
			Object components = (this.body != null) ? this.body.get("components") : null;
			if (components instanceof Map<?, ?> members && members.get(component) instanceof Map<?, ?> member) {
				return String.valueOf(member.get("status"));
			}
			return null;
		}

	}

}
