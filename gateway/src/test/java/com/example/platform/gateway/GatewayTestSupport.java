package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import com.example.platform.test.UseRedis;
import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one Spring context every gateway test shares: the real routes from application.yaml, with the
 * simple-discovery instances pointed at fake downstreams, plus one extra route (no circuit breaker) to an instance
 * that is not running.
 * Tokens come from the test issuer (real JWKS over HTTP), the rate limiter uses the real Redis.
 * {@link #client} sends a valid token with every scope for a principal of its own per test, so the rate limit of one
 * test does not spill into another; {@link #anonymous} sends none.
 */
// The rate limit has tests of its own (GatewayRateLimitIT); here it must not get in the way of bursts
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "platform.gateway.rate-limit.replenish-rate=1000", "platform.gateway.rate-limit.burst-capacity=5000" })
@AutoConfigureWebTestClient
@Import(DeadDownstreamRouteConfiguration.class)
@UseTestIssuer
@UseRedis
abstract class GatewayTestSupport {

	static final String[] ALL_SCOPES = { "customers.read", "customers.write", "orders.read", "orders.write",
			"notifications.read" };

	// Started once per JVM and shared, like the context that points at them
	static final FakeDownstream CUSTOMER_SERVICE = FakeDownstream.start("customer-service");

	static final FakeDownstream ORDER_SERVICE = FakeDownstream.start("order-service");

	static final FakeDownstream NOTIFICATION_SERVICE = FakeDownstream.start("notification-service");

	/** Nothing listens here: connections are refused at once. */
	static final int DEAD_PORT = freePort();

	/** No Authorization header. */
	WebTestClient anonymous;

	/** A valid token with every scope (see {@link #token}). */
	WebTestClient client;

	/** The bearer token {@link #client} sends: a fresh principal per test. */
	String token;

	@LocalServerPort
	int port;

	/** The routes as bound from application.yaml (and the test's properties). */
	@Autowired
	GatewayProperties gatewayProperties;

	@LocalManagementPort
	int managementPort;

	@Autowired
	void anonymous(WebTestClient client) {
		// A slow, shared machine: a first request may take a while
		this.anonymous = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@BeforeEach
	void authenticatedClient() {
		this.token = TestIssuer.shared().token("test-" + UUID.randomUUID()).scopes(ALL_SCOPES).value();
		this.client = this.anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + this.token).build();
	}

	/** The {@code metadata.response-timeout} (ms) of a route from application.yaml. */
	long routeTimeoutMillis(String routeId) {
		RouteDefinition route = this.gatewayProperties.getRoutes().stream()
			.filter((candidate) -> candidate.getId().equals(routeId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no route " + routeId));
		Object timeout = route.getMetadata().get("response-timeout");
		if (timeout == null) {
			throw new AssertionError("route " + routeId + " has no metadata.response-timeout");
		}
		return Long.parseLong(timeout.toString());
	}

	/** The fake behind a shipped route (route id = service name). */
	static FakeDownstream downstreamOf(String service) {
		return switch (service) {
			case "customer-service" -> CUSTOMER_SERVICE;
			case "order-service" -> ORDER_SERVICE;
			case "notification-service" -> NOTIFICATION_SERVICE;
			default -> throw new IllegalArgumentException(service);
		};
	}

	/** The actuator, on its own port (a scrape of every meter can exceed the default 256 KB a client buffers). */
	WebTestClient management() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	/**
	 * An absolute URI, taken as is: a String given to WebTestClient is a template whose '%' would be encoded again.
	 */
	URI gatewayUri(String encodedPathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + encodedPathAndQuery);
	}

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.customer-service[0].uri", CUSTOMER_SERVICE::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", ORDER_SERVICE::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.notification-service[0].uri",
				NOTIFICATION_SERVICE::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.dead-service[0].uri",
				() -> "http://127.0.0.1:" + DEAD_PORT);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
