package com.example.platform.notification;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden example messages of contracts/examples go through the real listener path (Kafka,
 * the listener, the service, the database) and give the notifications they promise.
 */
class GoldenExamplesIT extends IntegrationTestSupport {

	@Test
	void theGoldenExamplesAreConsumedAsDocumented() throws Exception {
		GoldenExample placed = GoldenExample.read("order-placed.v1.json");
		GoldenExample rejected = GoldenExample.read("order-rejected.v1.json");
		GoldenExample cancelled = GoldenExample.read("order-cancelled.v1.json");
		for (GoldenExample example : List.of(placed, rejected, cancelled)) {
			// The JSON form and the wire bytes of each example are the same message
			assertThat(example.parsedWireBytes()).isEqualTo(example.payload());
			assertThat(example.topic()).isEqualTo(TOPIC);
			assertThat(example.headers()).containsKeys("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time",
					"ce_subject", "content-type");
		}
		UUID customerId = UUID.fromString(placed.payload()
			.getField(placed.payload().getDescriptorForType().findFieldByName("customer_id"))
			.toString());
		customerService.addCustomer(customerId, "golden");
		// The examples' orders were placed by auth-server's demo user: only that principal reads their notifications
		String owner = placed.payload()
			.getField(placed.payload().getDescriptorForType().findFieldByName("owner"))
			.toString();
		assertThat(owner).isEqualTo("demo");
		this.http = as(owner, "notifications.read");

		for (GoldenExample example : List.of(placed, rejected, cancelled)) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(example.topic(), example.key(),
					example.wireBytes());
			example.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
			producer.send(record).get(10, TimeUnit.SECONDS);
		}

		List<Map<String, Object>> ofPlacedOrder = awaitNotificationsOfOrder(UUID.fromString(placed.key()), 2);
		assertThat(ofPlacedOrder).extracting((n) -> n.get("type")).containsExactly("ORDER_PLACED", "ORDER_CANCELLED");
		assertThat(ofPlacedOrder).extracting((n) -> n.get("eventId"))
			.containsExactly(placed.headers().get("ce_id"), cancelled.headers().get("ce_id"));
		assertThat(ofPlacedOrder.get(0)).containsEntry("recipient", "golden@example.com")
			.containsEntry("message", "Your order " + placed.key() + " for 44.48 is confirmed.");
		assertThat(awaitNotificationsOfOrder(UUID.fromString(rejected.key()), 1)).singleElement()
			.satisfies((n) -> assertThat(n).containsEntry("type", "ORDER_REJECTED")
				.containsEntry("message", "Your order " + rejected.key()
						+ " for 5000.00 was rejected: insufficient credit: available 10.00, requested 5000.00"));
	}

}
