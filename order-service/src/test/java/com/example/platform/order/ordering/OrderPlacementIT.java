package com.example.platform.order.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.example.platform.order.FakeCustomerService;
import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.example.platform.order.OrderEventsConsumer.awaitRecords;
import static com.example.platform.order.OrderEventsConsumer.header;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class OrderPlacementIT extends OrderServiceITSupport {

	@Autowired
	private MeterRegistry meters;

	@Test
	void confirmedOrderIsStoredAndPublishedInTheRequestsTrace(CapturedOutput output) throws Exception {
		UUID customerId = customerService.customer(Answer.RESERVE);
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

		Response response = post("/api/orders", orderJson(customerId, twoItems()), "traceparent", traceparent);

		assertThat(response.status()).as(response.raw()).isEqualTo(201);
		JsonNode order = response.body();
		UUID orderId = UUID.fromString(order.get("id").asString());
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/api/orders/" + orderId));
		assertThat(order.get("customerId").asString()).isEqualTo(customerId.toString());
		assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(order.get("total").decimalValue()).isEqualByComparingTo("44.48"); // 2 x 19.99 + 3 x 1.50
		assertThat(order.get("reason").isNull()).isTrue();
		assertThat(order.get("items")).hasSize(2);
		assertThat(order.get("items").get(1).get("sku").asString()).isEqualTo("PEN-7");
		assertThat(Instant.parse(order.get("createdAt").asString())).isBeforeOrEqualTo(Instant.now());

		List<ReserveCreditRequest> reservations = customerService.reservationsFor(customerId);
		assertThat(reservations).singleElement().satisfies((reservation) -> {
			assertThat(reservation.getOrderId()).isEqualTo(orderId.toString());
			assertThat(reservation.getAmount()).isEqualTo("44.48");
		});

		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.kafkaBootstrapServers, TOPIC,
				orderId.toString(), 1, Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		ConsumerRecord<String, byte[]> record = records.getFirst();
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(UUID.fromString(header(record, "ce_id"))).isNotNull();
		assertThat(header(record, "ce_type")).isEqualTo("platform.order.events.v1.OrderPlaced");
		assertThat(header(record, "ce_source")).isEqualTo("/order-service");
		assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(Instant.parse(order.get("createdAt").asString()));
		assertThat(header(record, "ce_subject")).isEqualTo(orderId.toString());
		assertThat(header(record, "content-type")).isEqualTo("application/protobuf");
		// The Kafka producer continues the trace of the HTTP request, across the outbox
		assertThat(header(record, "traceparent")).startsWith("00-" + traceId + "-");
		// ... and so does the relay's log line (./platform logs --trace shows the relay's step): logged once Kafka
		// acknowledged the record, which may be just after the consumer above saw it
		String published = "Published outbox event ";
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline && output.getOut().lines()
			.noneMatch((line) -> line.contains(published) && line.contains(orderId.toString()))) {
			Thread.sleep(50);
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains(published) && line.contains(orderId.toString())))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("OrderPlaced").contains(traceId));

		OrderPlaced placed = OrderPlaced.parseFrom(record.value());
		assertThat(placed.getOrderId()).isEqualTo(orderId.toString());
		assertThat(placed.getCustomerId()).isEqualTo(customerId.toString());
		assertThat(placed.getTotal()).isEqualTo("44.48");
		assertThat(placed.getLinesList()).extracting((line) -> line.getSku() + " x" + line.getQuantity() + " @" + line.getUnitPrice())
			.containsExactly("BOOK-1 x2 @19.99", "PEN-7 x3 @1.50");
		assertThat(placed.getPlacedAt().getSeconds()).isEqualTo(Instant.parse(order.get("createdAt").asString()).getEpochSecond());

		Response fetched = get("/api/orders/" + orderId);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo(order);
		Response byCustomer = get("/api/orders?customerId=" + customerId);
		assertThat(byCustomer.status()).isEqualTo(200);
		assertThat(byCustomer.body()).containsExactly(order);
	}

	@Test
	void refusedCreditGivesARejectedOrderAndItsEvent() throws Exception {
		UUID customerId = customerService.customer(Answer.REFUSE);

		Response response = post("/api/orders", orderJson(customerId, twoItems()));

		assertThat(response.status()).as(response.raw()).isEqualTo(201);
		assertThat(response.body().get("status").asString()).isEqualTo("REJECTED");
		assertThat(response.body().get("reason").asString()).isEqualTo(FakeCustomerService.REFUSAL);
		String orderId = response.body().get("id").asString();
		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.kafkaBootstrapServers, TOPIC, orderId, 1,
				Duration.ofSeconds(20));
		assertThat(records).singleElement().satisfies((record) -> {
			assertThat(header(record, "ce_type")).isEqualTo("platform.order.events.v1.OrderRejected");
			OrderRejected rejected = OrderRejected.parseFrom(record.value());
			assertThat(rejected.getOrderId()).isEqualTo(orderId);
			assertThat(rejected.getReason()).isEqualTo(FakeCustomerService.REFUSAL);
			assertThat(rejected.getTotal()).isEqualTo("44.48");
		});
		assertThat(customerService.releasesFor(UUID.fromString(orderId))).isEmpty();
	}

	@Test
	void unknownCustomerIsUnprocessableAndStoresNothing() {
		UUID customerId = UUID.randomUUID(); // registered nowhere: NOT_FOUND
		long outboxBefore = outboxRows();

		Response response = post("/api/orders", orderJson(customerId, twoItems()));

		assertThat(response.status()).as(response.raw()).isEqualTo(422);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asString()).contains("unknown customer");
		assertNothingStoredFor(customerId, outboxBefore);
	}

	@Test
	void slowCustomerServiceGivesAGatewayTimeoutQuickly() {
		UUID customerId = customerService.customer(Answer.SLOW);
		long outboxBefore = outboxRows();

		long start = System.nanoTime();
		Response response = post("/api/orders", orderJson(customerId, twoItems()));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.status()).as(response.raw()).isEqualTo(504);
		assertThat(response.contentType()).startsWith("application/problem+json");
		// The deadline (2s) cuts the call, long before the fake answers (6s)
		assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofMillis(4500));
		assertNothingStoredFor(customerId, outboxBefore);
	}

	@Test
	void unavailableCustomerServiceGivesServiceUnavailable() {
		UUID customerId = customerService.customer(Answer.UNAVAILABLE);
		long outboxBefore = outboxRows();

		Response response = post("/api/orders", orderJson(customerId, twoItems()));

		assertThat(response.status()).as(response.raw()).isEqualTo(503);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.raw()).doesNotContain("down for the test"); // no downstream internals
		assertNothingStoredFor(customerId, outboxBefore);
	}

	@Test
	void pendingOutboxEventsAreAGauge() {
		placeOrder(customerService.customer(Answer.RESERVE));
		awaitOutboxDrained();

		// refreshed by the relay about every second
		await(() -> this.meters.get("platform.outbox.pending").gauge().value() == 0, Duration.ofSeconds(5),
				"platform.outbox.pending to read 0");
		assertThat(this.meters.get("platform.outbox.pending").gauge().value()).isZero();
	}

	private void assertNothingStoredFor(UUID customerId, long outboxBefore) {
		assertThat(this.jdbc.sql("select count(*) from orders where customer_id = :id")
			.param("id", customerId)
			.query(Long.class)
			.single()).isZero();
		assertThat(outboxRows()).isEqualTo(outboxBefore);
		assertThat(get("/api/orders?customerId=" + customerId).body()).isEmpty();
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
