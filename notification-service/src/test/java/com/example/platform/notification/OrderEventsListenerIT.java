package com.example.platform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.example.platform.test.PlatformInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/** Order events in, notifications out: real Kafka records, asserted through the REST API. */
class OrderEventsListenerIT extends IntegrationTestSupport {

	@Test
	void orderPlacedNotifiesTheCustomerByEmail() {
		UUID customerId = customerService.addCustomer("ada");
		UUID orderId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();

		send(orderId, ORDER_PLACED, eventId, orderPlaced(orderId, customerId, "39.98"));

		List<Map<String, Object>> notifications = awaitNotificationsOfOrder(orderId, 1);
		assertThat(notifications).singleElement().satisfies((notification) -> {
			assertThat(notification).containsEntry("eventId", eventId)
				.containsEntry("orderId", orderId.toString())
				.containsEntry("customerId", customerId.toString())
				.containsEntry("type", "ORDER_PLACED")
				.containsEntry("recipient", "ada@example.com")
				.containsEntry("message", "Your order " + orderId + " for 39.98 is confirmed.")
				.containsKeys("id", "createdAt");
		});
	}

	@Test
	void orderRejectedTellsTheReason() {
		UUID customerId = customerService.addCustomer("grace");
		UUID orderId = UUID.randomUUID();

		send(orderId, ORDER_REJECTED, UUID.randomUUID().toString(),
				orderRejected(orderId, customerId, "5000.00", "insufficient credit"));

		assertThat(awaitNotificationsOfOrder(orderId, 1)).singleElement().satisfies((notification) -> {
			assertThat(notification).containsEntry("type", "ORDER_REJECTED")
				.containsEntry("recipient", "grace@example.com")
				.containsEntry("message", "Your order " + orderId + " for 5000.00 was rejected: insufficient credit");
		});
	}

	@Test
	void orderCancelledAfterPlacedGivesTwoNotificationsOldestFirst() {
		UUID customerId = customerService.addCustomer("alan");
		UUID orderId = UUID.randomUUID();

		send(orderId, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(orderId, customerId, "10.00"));
		send(orderId, ORDER_CANCELLED, UUID.randomUUID().toString(), orderCancelled(orderId, customerId, "10.00"));

		List<Map<String, Object>> notifications = awaitNotificationsOfOrder(orderId, 2);
		assertThat(notifications).extracting((notification) -> notification.get("type"))
			.containsExactly("ORDER_PLACED", "ORDER_CANCELLED");
		assertThat(notifications.get(1)).containsEntry("recipient", "alan@example.com")
			.containsEntry("message", "Your order " + orderId + " for 10.00 was cancelled.");
	}

	@Test
	void aRedeliveredEventHasNoSecondEffect() {
		UUID customerId = customerService.addCustomer("barbara");
		UUID orderId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		byte[] placed = orderPlaced(orderId, customerId, "20.00");

		send(orderId, ORDER_PLACED, eventId, placed);
		send(orderId, ORDER_PLACED, eventId, placed);
		// Same key, same partition: once this later event is handled, both copies before it were too
		send(orderId, ORDER_CANCELLED, UUID.randomUUID().toString(), orderCancelled(orderId, customerId, "20.00"));

		List<Map<String, Object>> notifications = awaitNotificationsOfOrder(orderId, 2);
		assertThat(notifications).extracting((notification) -> notification.get("type"))
			.containsExactly("ORDER_PLACED", "ORDER_CANCELLED");
		assertThat(notifications.get(0)).containsEntry("eventId", eventId);
		// The duplicate was recognised before calling customer-service
		assertThat(customerService.calls(customerId)).isEqualTo(2);
	}

	@Test
	void anUnknownEventTypeIsSkippedWithoutBlockingLaterEvents() {
		UUID customerId = customerService.addCustomer("edsger");
		UUID orderId = UUID.randomUUID();

		send(orderId, "platform.order.events.v1.OrderShipped", UUID.randomUUID().toString(),
				"not protobuf at all".getBytes(StandardCharsets.UTF_8));
		send(orderId, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(orderId, customerId, "1.50"));

		assertThat(awaitNotificationsOfOrder(orderId, 1)).singleElement()
			.satisfies((notification) -> assertThat(notification).containsEntry("type", "ORDER_PLACED"));
		assertThat(deadLetter(orderId, Duration.ofSeconds(2))).isEmpty();
	}

	@Test
	void aFailingCustomerLookupIsRetriedNotSkipped() {
		UUID customerId = customerService.addCustomer("margaret");
		customerService.failNext(customerId, 2);
		UUID orderId = UUID.randomUUID();

		send(orderId, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(orderId, customerId, "7.00"));

		assertThat(awaitNotificationsOfOrder(orderId, 1)).singleElement()
			.satisfies((notification) -> assertThat(notification).containsEntry("recipient", "margaret@example.com"));
		assertThat(customerService.calls(customerId)).isEqualTo(3);
	}

	@Test
	void anUnparseablePayloadEndsUpOnTheDeadLetterTopic() {
		UUID orderId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		// 0x0F: field 1 with wire type 7, which does not exist
		byte[] garbage = { 0x0F, (byte) 0xFF, 0x01 };

		send(orderId, ORDER_PLACED, eventId, garbage);

		Optional<ConsumerRecord<String, byte[]>> dead = deadLetter(orderId, DEADLINE);
		assertThat(dead).hasValueSatisfying((record) -> {
			assertThat(record.value()).isEqualTo(garbage);
			assertThat(header(record, "ce_id")).isEqualTo(eventId);
			assertThat(header(record, "ce_type")).isEqualTo(ORDER_PLACED);
		});
		assertThat(notifications("orderId", orderId)).isEmpty();
	}

	@Test
	void anEventForAnUnknownCustomerIsDeadLetteredAfterRetries() {
		UUID unknownCustomerId = UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();

		send(orderId, ORDER_CANCELLED, eventId, orderCancelled(orderId, unknownCustomerId, "3.00"));

		assertThat(deadLetter(orderId, DEADLINE))
			.hasValueSatisfying((record) -> assertThat(header(record, "ce_id")).isEqualTo(eventId));
		assertThat(customerService.calls(unknownCustomerId)).as("lookups: first attempt and retries").isGreaterThan(1);
		assertThat(notifications("orderId", orderId)).isEmpty();
	}

	/** The first record for this order on the dead-letter topic, if one arrives in time. */
	private static Optional<ConsumerRecord<String, byte[]>> deadLetter(UUID orderId, Duration within) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				PlatformInfrastructure.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"dlt-reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(DEAD_LETTER_TOPIC));
			long deadline = System.nanoTime() + within.toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (orderId.toString().equals(record.key())) {
						return Optional.of(record);
					}
				}
			}
		}
		return Optional.empty();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
