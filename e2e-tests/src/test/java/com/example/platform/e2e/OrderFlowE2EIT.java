package com.example.platform.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.example.platform.e2e.GatewayClient.Response;
import com.example.platform.e2e.OtlpTraceReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform as its users see it: every service in its own JVM, real PostgreSQL and Kafka,
 * and only the gateway's public API. Each test creates its own customer, so tests do not
 * depend on each other's data.
 */
class OrderFlowE2EIT {

	private static final Duration EVENTUAL = Duration.ofSeconds(30);

	private static final tools.jackson.databind.json.JsonMapper JSON = new tools.jackson.databind.json.JsonMapper();

	private static RunningPlatform platform;

	private static GatewayClient gateway;

	@BeforeAll
	static void startPlatform() {
		platform = RunningPlatform.get();
		gateway = GatewayClient.asPlatformCli(platform);
	}

	@Test
	void anOrderWithinTheCreditIsConfirmedAndTheCustomerNotified() {
		Customer customer = createCustomer("100.00");

		Response placed = placeOrder(customer.id(), "SKU-1", 2, "19.99");

		assertThat(placed.status()).isEqualTo(201);
		assertThat(placed.field("status")).isEqualTo("CONFIRMED");
		assertThat(new BigDecimal(placed.field("total"))).isEqualByComparingTo("39.98");
		assertThat(placed.location()).endsWith("/api/orders/" + placed.field("id"));
		assertLinksToTheGateway(placed.location());
		assertThat(gateway.get("/api/orders/" + placed.field("id")).field("status")).isEqualTo("CONFIRMED");
		assertThat(availableCredit(customer.id())).isEqualByComparingTo("60.02");

		JsonNode notification = awaitNotification(placed.field("id"), "ORDER_PLACED");
		assertThat(notification.get("recipient").asString()).isEqualTo(customer.email());
		assertThat(notification.get("customerId").asString()).isEqualTo(customer.id());
	}

	@Test
	void anOrderOverTheCreditIsRejectedWithTheReasonAndHoldsNoCredit() {
		Customer customer = createCustomer("50.00");

		Response placed = placeOrder(customer.id(), "SKU-2", 3, "20.00");

		assertThat(placed.status()).isEqualTo(201);
		assertThat(placed.field("status")).isEqualTo("REJECTED");
		assertThat(placed.field("reason")).isNotBlank();
		assertThat(availableCredit(customer.id())).isEqualByComparingTo("50.00");
		assertThat(awaitNotification(placed.field("id"), "ORDER_REJECTED")).isNotNull();
	}

	@Test
	void cancellingAnOrderReturnsTheCreditAndNotifiesTheCustomer() {
		Customer customer = createCustomer("80.00");
		Response placed = placeOrder(customer.id(), "SKU-3", 1, "30.00");
		assertThat(availableCredit(customer.id())).isEqualByComparingTo("50.00");

		Response cancelled = gateway.post("/api/orders/" + placed.field("id") + "/cancel", "");

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.field("status")).isEqualTo("CANCELLED");
		assertThat(availableCredit(customer.id())).isEqualByComparingTo("80.00");
		assertThat(awaitNotification(placed.field("id"), "ORDER_CANCELLED").get("recipient").asString())
			.isEqualTo(customer.email());
		assertThat(gateway.post("/api/orders/" + placed.field("id") + "/cancel", "").status())
			.as("cancelling twice is harmless").isEqualTo(200);
		assertThat(availableCredit(customer.id())).isEqualByComparingTo("80.00");
	}

	@Test
	void oneTraceCoversTheGatewayTheOrderTheCreditCheckOverGrpcAndTheKafkaConsumer() {
		Customer customer = createCustomer("100.00");
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

		Response placed = gateway.post("/api/orders", orderJson(customer.id(), "SKU-T", 1, "5.00"),
				Map.of("traceparent", traceparent));
		assertThat(placed.status()).isEqualTo(201);
		awaitNotification(placed.field("id"), "ORDER_PLACED");

		List<ReceivedSpan> spans = awaitSpans(traceId, found -> {
			Set<String> services = found.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
			// Each service exports its spans in its own batches: the relay's producer span can arrive after the
			// consumer's, so wait for both
			return services.containsAll(Set.of("gateway", "order-service", "customer-service", "notification-service"))
					&& found.stream().anyMatch(span -> span.service().equals("notification-service")
							&& span.kind() == SpanKind.SPAN_KIND_CONSUMER)
					&& found.stream().anyMatch(span -> span.service().equals("order-service")
							&& span.kind() == SpanKind.SPAN_KIND_PRODUCER);
		});
		assertThat(spans).anySatisfy(span -> {
			assertThat(span.service()).isEqualTo("customer-service");
			assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
			assertThat(span.name()).contains("ReserveCredit");
		});
		assertThat(spans).anySatisfy(span -> {
			assertThat(span.service()).isEqualTo("order-service");
			assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
		});
		assertThat(spans).anySatisfy(span -> {
			assertThat(span.service()).isEqualTo("notification-service");
			assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
		});
	}

	@Test
	void logLinesAndProblemsCarryTheTraceId() throws Exception {
		Customer customer = createCustomer("100.00");
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
		// an unknown customer makes order-service log a warning within the request's trace
		Response refused = gateway.post("/api/orders", orderJson(UUID.randomUUID().toString(), "SKU-L", 1, "1.00"),
				Map.of("traceparent", traceparent));
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.field("traceId")).as("the problem names the trace to quote").isEqualTo(traceId);

		Response placed = gateway.post("/api/orders", orderJson(customer.id(), "SKU-L", 1, "1.00"),
				Map.of("traceparent", traceparent));
		awaitNotification(placed.field("id"), "ORDER_PLACED");

		// Lines are chosen by what the request is about (its order id), not by the trace id, so a line that lost
		// the trace id cannot drop out of the check
		String orderId = placed.field("id");
		List<String> aboutTheOrder = awaitLogLines("notification-service", orderId);
		assertThat(aboutTheOrder).allSatisfy(line -> {
			JsonNode entry = JSON.readTree(line);
			assertThat(entry.isObject()).as(line).isTrue();
			assertThat(entry.toString()).as("a line about order %s carries its trace id", orderId)
				.contains("\"" + traceId + "\"");
		});
		// notification-service runs with LOG_FORMAT=ecs: every line its logging writes is a JSON object (the
		// JVM's own start-up warnings on stderr, "WARNING: ...", are not the logging system's)
		List<String> notLogging = java.nio.file.Files.readAllLines(platform.logOf("notification-service"))
			.stream()
			.filter(line -> !line.isBlank() && !line.startsWith("WARNING: "))
			.filter(line -> !isJsonObject(line))
			.toList();
		assertThat(notLogging).as("notification-service lines that are not JSON objects").isEmpty();
		// order-service logs as text: any of its lines about the order carries the trace id too
		assertThat(java.nio.file.Files.readAllLines(platform.logOf("order-service")))
			.filteredOn(line -> line.contains(orderId))
			.allSatisfy(line -> assertThat(line).contains(traceId));
	}

	private static boolean isJsonObject(String line) {
		try {
			return JSON.readTree(line).isObject();
		}
		catch (tools.jackson.core.JacksonException ex) {
			return false;
		}
	}

	/** The lines of {@code service}'s log that contain {@code text}, once there is at least one. */
	private static List<String> awaitLogLines(String service, String text) throws java.io.IOException {
		Instant deadline = Instant.now().plus(EVENTUAL);
		while (Instant.now().isBefore(deadline)) {
			List<String> lines = java.nio.file.Files.readAllLines(platform.logOf(service))
				.stream()
				.filter(line -> line.contains(text))
				.toList();
			if (!lines.isEmpty()) {
				return lines;
			}
			RunningPlatform.sleep(200);
		}
		throw new AssertionError(service + " logged no line with " + text);
	}

	@Test
	void badInputGetsProblemDetailsAndStoresNothing() {
		Customer customer = createCustomer("100.00");

		Response malformed = gateway.post("/api/orders", "{\"customerId\": ");
		assertProblem(malformed, 400);

		Response invalid = gateway.post("/api/orders",
				"{\"customerId\": \"" + customer.id() + "\", \"items\": [{\"sku\": \"X\", \"quantity\": -1, \"unitPrice\": 1}]}");
		assertProblem(invalid, 400);
		assertThat(invalid.json().get("errors")).isNotEmpty();

		Response empty = gateway.post("/api/orders", "{\"customerId\": \"" + customer.id() + "\", \"items\": []}");
		assertProblem(empty, 400);

		Response unknownCustomer = placeOrder(UUID.randomUUID().toString(), "SKU-4", 1, "1.00");
		assertProblem(unknownCustomer, 422);

		Response badEmail = gateway.post("/api/customers",
				"{\"name\": \"Ann\", \"email\": \"not-an-email\", \"creditLimit\": 10}");
		assertProblem(badEmail, 400);

		assertProblem(gateway.get("/api/orders/" + UUID.randomUUID()), 404);
		assertProblem(gateway.get("/api/customers/" + UUID.randomUUID()), 404);
		assertProblem(gateway.get("/api/no-such-route"), 404);

		assertThat(availableCredit(customer.id())).as("no credit held by refused requests").isEqualByComparingTo("100.00");
		assertThat(gateway.get("/api/orders?customerId=" + customer.id()).json()).as("no orders stored").isEmpty();
	}

	private static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private static Customer createCustomer(String creditLimit) {
		String email = "e2e-" + UUID.randomUUID() + "@example.com";
		Response created = gateway.post("/api/customers",
				"{\"name\": \"E2E Customer\", \"email\": \"" + email + "\", \"creditLimit\": " + creditLimit + "}");
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(new BigDecimal(created.field("availableCredit"))).isEqualByComparingTo(creditLimit);
		assertLinksToTheGateway(created.location());
		return new Customer(created.field("id"), email);
	}

	/** A link in an answer through the gateway points at the gateway (or is relative): never at a service instance. */
	private static void assertLinksToTheGateway(String location) {
		assertThat(location).as("Location through the gateway")
			.satisfiesAnyOf((link) -> assertThat(link).startsWith("/"),
					(link) -> assertThat(link).startsWith(platform.gatewayUrl() + "/"));
	}

	private static Response placeOrder(String customerId, String sku, int quantity, String unitPrice) {
		return gateway.post("/api/orders", orderJson(customerId, sku, quantity, unitPrice));
	}

	private static String orderJson(String customerId, String sku, int quantity, String unitPrice) {
		return "{\"customerId\": \"" + customerId + "\", \"items\": [{\"sku\": \"" + sku + "\", \"quantity\": " + quantity
				+ ", \"unitPrice\": " + unitPrice + "}]}";
	}

	private static BigDecimal availableCredit(String customerId) {
		return new BigDecimal(gateway.get("/api/customers/" + customerId).field("availableCredit"));
	}

	private static JsonNode awaitNotification(String orderId, String type) {
		Instant deadline = Instant.now().plus(EVENTUAL);
		while (Instant.now().isBefore(deadline)) {
			Response response = gateway.get("/api/notifications?orderId=" + orderId);
			if (response.status() == 200) {
				for (JsonNode notification : response.json()) {
					if (type.equals(notification.get("type").asString())) {
						long sameType = response.json().valueStream()
							.filter(other -> type.equals(other.get("type").asString()))
							.count();
						assertThat(sameType).as("one notification per event").isEqualTo(1);
						return notification;
					}
				}
			}
			RunningPlatform.sleep(200);
		}
		throw new AssertionError("No " + type + " notification for order " + orderId + " within " + EVENTUAL);
	}

	private static List<ReceivedSpan> awaitSpans(String traceId, Predicate<List<ReceivedSpan>> complete) {
		Instant deadline = Instant.now().plus(EVENTUAL);
		List<ReceivedSpan> spans = List.of();
		while (Instant.now().isBefore(deadline)) {
			spans = platform.traces().spansOf(traceId);
			if (complete.test(spans)) {
				return spans;
			}
			RunningPlatform.sleep(200);
		}
		throw new AssertionError("Trace " + traceId + " incomplete after " + EVENTUAL + "; spans seen: " + spans);
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		bytes[0] |= 1; // an all-zero id is invalid
		return bytes;
	}

	record Customer(String id, String email) {
	}

}
