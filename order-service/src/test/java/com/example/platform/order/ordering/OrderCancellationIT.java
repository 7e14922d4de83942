package com.example.platform.order.ordering;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static com.example.platform.order.OrderEventsConsumer.allRecords;
import static com.example.platform.order.OrderEventsConsumer.awaitRecords;
import static com.example.platform.order.OrderEventsConsumer.header;
import static org.assertj.core.api.Assertions.assertThat;

class OrderCancellationIT extends OrderServiceITSupport {

	private static final String PLACED = "platform.order.events.v1.OrderPlaced";

	private static final String CANCELLED = "platform.order.events.v1.OrderCancelled";

	@Test
	void cancellingAConfirmedOrderReleasesItsCreditOnceAndPublishesOneEvent() throws Exception {
		UUID customerId = customerService.customer(Answer.RESERVE);
		UUID orderId = placeOrder(customerId);

		Response cancelled = post("/api/orders/" + orderId + "/cancel", "");

		assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
		assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.body().get("total").decimalValue()).isEqualByComparingTo("44.48");
		assertThat(customerService.releasesFor(orderId)).singleElement()
			.satisfies((release) -> assertThat(release.getCustomerId()).isEqualTo(customerId.toString()));

		// Same key, same partition: the consumers see the placement before the cancellation
		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.kafkaBootstrapServers, TOPIC,
				orderId.toString(), 2, Duration.ofSeconds(20));
		assertThat(records).extracting((record) -> header(record, "ce_type")).containsExactly(PLACED, CANCELLED);
		OrderCancelled event = OrderCancelled.parseFrom(records.get(1).value());
		assertThat(event.getOrderId()).isEqualTo(orderId.toString());
		assertThat(event.getCustomerId()).isEqualTo(customerId.toString());
		assertThat(event.getTotal()).isEqualTo("44.48");
		assertThat(event.hasCancelledAt()).isTrue();

		Response again = post("/api/orders/" + orderId + "/cancel", "");

		assertThat(again.status()).as(again.raw()).isEqualTo(200);
		assertThat(again.body().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(customerService.releasesFor(orderId)).hasSize(1);
		assertThat(outboxRows(orderId, CANCELLED)).isOne();
		awaitOutboxDrained();
		assertThat(allRecords(this.kafkaBootstrapServers, TOPIC, orderId.toString()))
			.extracting((record) -> header(record, "ce_type"))
			.containsExactly(PLACED, CANCELLED);
		assertThat(get("/api/orders/" + orderId).body().get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void aRejectedOrderCannotBeCancelled() {
		UUID customerId = customerService.customer(Answer.REFUSE);
		UUID orderId = placeOrder(customerId);

		Response response = post("/api/orders/" + orderId + "/cancel", "");

		assertThat(response.status()).as(response.raw()).isEqualTo(409);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asString()).contains("REJECTED");
		assertThat(customerService.releasesFor(orderId)).isEmpty();
		assertThat(outboxRows(orderId, CANCELLED)).isZero();
		assertThat(get("/api/orders/" + orderId).body().get("status").asString()).isEqualTo("REJECTED");
	}

	@Test
	void cancellingAnUnknownOrderIsNotFound() {
		Response unknown = post("/api/orders/" + UUID.randomUUID() + "/cancel", "");
		Response malformed = post("/api/orders/not-an-id/cancel", "");

		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(malformed.status()).isEqualTo(404);
	}

}
