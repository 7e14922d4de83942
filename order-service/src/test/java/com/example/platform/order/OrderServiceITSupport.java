package com.example.platform.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.example.platform.test.UseKafka;
import com.example.platform.test.UsePostgres;
import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every integration test of the service: all of them share ONE application
 * context (same annotations, properties and dynamic properties, all declared here), a real
 * PostgreSQL database, the embedded Kafka broker, the fake customer-service and the in-process
 * token issuer (also the token endpoint of the service's own client credentials). Every request carries
 * {@link #ALICE}'s token (orders.read, orders.write) unless it names its own {@code Authorization} header
 * ({@link #NO_TOKEN}: none).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "resilience4j.timelimiter.instances.customer-service.timeout-duration=2s",
				// short breaker wait so the outage test (ordering.CustomerServiceFaultsIT) sees recovery quickly
				"resilience4j.circuitbreaker.instances.customer-service.wait-duration-in-open-state=2s",
				// compensating releases retried quickly (ordering.CreditCompensationIT)
				"platform.order.credit-release.poll-interval=200ms",
				"platform.order.credit-release.initial-backoff=200ms",
				"platform.order.credit-release.max-backoff=1s" })
@UsePostgres
@UseKafka
@UseTestIssuer
public abstract class OrderServiceITSupport {

	/** The principal requests act as by default. */
	protected static final String ALICE = "alice";

	/** As the value of an {@code Authorization} header argument: send no Authorization header at all. */
	protected static final String NO_TOKEN = "";

	protected static final String TOPIC = "platform.order.events.v1";

	protected static final FakeCustomerService customerService = FakeCustomerService.instance();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	protected static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected JdbcClient jdbc;

	@Value("${spring.kafka.bootstrap-servers}")
	protected String kafkaBootstrapServers;

	@DynamicPropertySource
	static void customerServiceTarget(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.client.channel.customer-service.target", customerService::target);
		registry.add("spring.security.oauth2.client.provider.auth-server.token-uri", TestIssuer.shared()::tokenUri);
	}

	protected Response post(String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		return send(withHeaders(request, headers));
	}

	protected Response get(String path, String... headers) {
		return send(withHeaders(HttpRequest.newBuilder(uri(path)).GET(), headers));
	}

	/** {@code Bearer <token>} of {@code subject} with these scopes. */
	protected static String bearer(String subject, String... scopes) {
		return TestIssuer.shared().token(subject).scopes(scopes).bearer();
	}

	/** Places an order that must be accepted (CONFIRMED or REJECTED); returns its id. */
	protected UUID placeOrder(UUID customerId) {
		Response response = post("/api/orders", orderJson(customerId, twoItems()));
		assertThat(response.status()).as(response.raw()).isEqualTo(201);
		return UUID.fromString(response.body().get("id").asString());
	}

	protected static String orderJson(UUID customerId, String itemsJson) {
		return """
				{"customerId": "%s", "items": %s}""".formatted(customerId, itemsJson);
	}

	protected static String twoItems() {
		return """
				[{"sku": "BOOK-1", "quantity": 2, "unitPrice": 19.99}, {"sku": "PEN-7", "quantity": 3, "unitPrice": 1.5}]""";
	}

	protected long outboxRows() {
		return this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single();
	}

	protected long outboxRows(UUID orderId, String eventType) {
		return this.jdbc.sql("select count(*) from outbox_event where aggregate_id = :id and event_type = :type")
			.param("id", orderId.toString())
			.param("type", eventType)
			.query(Long.class)
			.single();
	}

	/** Waits until the relay has sent everything that is in the outbox. */
	protected void awaitOutboxDrained() {
		await(() -> this.jdbc.sql("select count(*) from outbox_event where published_at is null")
			.query(Long.class)
			.single() == 0, Duration.ofSeconds(20), "the outbox to be drained");
	}

	protected static void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted", ex);
			}
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
		boolean authorization = false;
		for (int i = 0; i < headers.length; i += 2) {
			if ("Authorization".equalsIgnoreCase(headers[i])) {
				authorization = true;
				if (headers[i + 1].isEmpty()) {
					continue;
				}
			}
			request.header(headers[i], headers[i + 1]);
		}
		if (!authorization) {
			request.header("Authorization", bearer(ALICE, "orders.read", "orders.write"));
		}
		return request;
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
			return new Response(response.statusCode(), response.headers(), body, response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	protected record Response(int status, HttpHeaders headers, JsonNode body, String raw) {

		public String contentType() {
			return this.headers.firstValue("Content-Type").orElse("");
		}

	}

}
