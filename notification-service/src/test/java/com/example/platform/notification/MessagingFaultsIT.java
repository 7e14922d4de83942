package com.example.platform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.example.platform.test.PlatformInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault tests of the consumer side against the real broker and database: duplicated deliveries,
 * poison messages, a consumer stopped in the middle of a batch, and a dead letter replayed after
 * its cause is fixed. Each prints its figures ("FIGURES ...") for the issue's report.
 */
class MessagingFaultsIT extends IntegrationTestSupport {

	private static final String LISTENER_ID = "order-events";

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void everyEventDeliveredTwiceGivesOneNotificationEach() {
		UUID customerId = customerService.addCustomer("twice");
		List<UUID> orders = new ArrayList<>();
		List<Sent> events = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UUID orderId = UUID.randomUUID();
			orders.add(orderId);
			events.add(new Sent(orderId, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(orderId, customerId, "10.00")));
			events.add(new Sent(orderId, ORDER_CANCELLED, UUID.randomUUID().toString(), orderCancelled(orderId, customerId, "10.00")));
		}
		// Each event twice, the copy right behind the original (a producer retry) or much later (a redelivery)
		for (int i = 0; i < events.size(); i++) {
			Sent event = events.get(i);
			send(event.orderId(), event.type(), event.eventId(), event.value());
			if (i % 2 == 0) {
				send(event.orderId(), event.type(), event.eventId(), event.value());
			}
		}
		for (int i = 1; i < events.size(); i += 2) {
			Sent event = events.get(i);
			send(event.orderId(), event.type(), event.eventId(), event.value());
		}

		// The last copies are behind the last originals on each partition: wait until they are handled (and changed
		// nothing), however slow the consumer is
		awaitEverythingSentSoFarConsumed();
		List<Map<String, Object>> notifications = notifications("customerId", customerId);
		long distinctEvents = notifications.stream().map((n) -> n.get("eventId")).distinct().count();
		System.out.printf("FIGURES duplicates: produced %d records for %d events, notifications %d, duplicates %d%n",
				80, events.size(), notifications.size(), notifications.size() - distinctEvents);
		assertThat(notifications).hasSize(40);
		assertThat(distinctEvents).isEqualTo(40);
		for (UUID orderId : orders) {
			assertThat(notifications("orderId", orderId)).extracting((n) -> n.get("type"))
				.containsExactly("ORDER_PLACED", "ORDER_CANCELLED");
		}
	}

	@Test
	void poisonMessagesAreDeadLetteredWithTheirReasonAndTheRecordsBehindThemAreProcessed() {
		UUID customerId = customerService.addCustomer("poisoned");
		UUID unknownCustomerId = UUID.randomUUID();
		UUID orderId = UUID.randomUUID(); // one key: one partition, in this order
		String good1 = UUID.randomUUID().toString();
		String unparseable = UUID.randomUUID().toString();
		String alwaysFails = UUID.randomUUID().toString();
		String good2 = UUID.randomUUID().toString();
		String good3 = UUID.randomUUID().toString();
		long start = System.nanoTime();

		send(orderId, ORDER_PLACED, good1, orderPlaced(orderId, customerId, "1.00"));
		send(orderId, ORDER_PLACED, unparseable, new byte[] { 0x0F, (byte) 0xFF, 0x01 });
		send(orderId, ORDER_PLACED, alwaysFails, orderPlaced(orderId, unknownCustomerId, "2.00"));
		send(orderId, ORDER_CANCELLED, good2, orderCancelled(orderId, customerId, "1.00"));
		send(orderId, ORDER_PLACED, good3, orderPlaced(orderId, customerId, "3.00"));

		List<Map<String, Object>> processed = awaitNotificationsOfOrder(orderId, 3);
		Duration behind = Duration.ofNanos(System.nanoTime() - start);
		List<ConsumerRecord<String, byte[]>> dead = records(DEAD_LETTER_TOPIC, orderId.toString(), 2, DEADLINE);

		assertThat(processed).extracting((n) -> n.get("eventId")).containsExactly(good1, good2, good3);
		assertThat(dead).extracting((r) -> header(r, "ce_id")).containsExactly(unparseable, alwaysFails);
		ConsumerRecord<String, byte[]> unparseableLetter = dead.get(0);
		ConsumerRecord<String, byte[]> failingLetter = dead.get(1);
		assertThat(failureReason(unparseableLetter)).contains("InvalidProtocolBufferException");
		assertThat(failureReason(failingLetter)).contains("UnknownCustomerException")
			.contains("customer-service has no customer " + unknownCustomerId);
		assertThat(dead).allSatisfy((r) -> {
			assertThat(header(r, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
			assertThat(header(r, "kafka_dlt-original-consumer-group")).isEqualTo("notification-service");
			assertThat(header(r, "kafka_dlt-original-offset")).isNotBlank();
		});
		// The configured attempts: 1 + platform.kafka.consumer.retries (3); the parse failure is not retried
		assertThat(customerService.calls(unknownCustomerId)).isEqualTo(4);
		assertThat(processed.size() + dead.size()).as("processed + dead-lettered = produced").isEqualTo(5);
		System.out.printf("FIGURES poison: produced 5, processed %d, dead-lettered %d, attempts of the failing one %d,"
				+ " last good record behind them processed after %d ms%n", processed.size(), dead.size(),
				customerService.calls(unknownCustomerId), behind.toMillis());

		String metrics = this.management.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics).contains("platform_kafka_consumer_dead_letters_total{")
			.contains("exception=\"InvalidWireTypeException\"")
			.contains("platform_kafka_consumer_failed_deliveries_total{")
			.contains("kafka_consumer_fetch_manager_records_lag_max");
		System.out.println("FIGURES metrics: " + metrics.lines()
			.filter((line) -> !line.startsWith("#") && (line.startsWith("platform_kafka_consumer")
					|| line.startsWith("kafka_consumer_fetch_manager_records_lag")))
			.collect(Collectors.joining(" | ")));
	}

	@Test
	void aConsumerStoppedInTheMiddleOfABatchLosesNothingAndKeepsTheOrderPerOrder() {
		MessageListenerContainer container = this.listeners.getListenerContainer(LISTENER_ID);
		UUID customerId = customerService.addCustomer("interrupted");
		// Slow enough that the stop lands in the middle of the batch
		customerService.delay(customerId, Duration.ofMillis(40));
		Map<UUID, List<String>> sentPerOrder = new java.util.LinkedHashMap<>();
		container.stop();
		container.getContainerProperties().setStopImmediate(true); // do not finish the batch: a kill
		try {
			for (int round = 0; round < 5; round++) {
				for (int o = 0; o < 8; o++) {
					UUID orderId = (round == 0) ? UUID.randomUUID() : List.copyOf(sentPerOrder.keySet()).get(o);
					String eventId = UUID.randomUUID().toString();
					sentPerOrder.computeIfAbsent(orderId, (id) -> new ArrayList<>()).add(eventId);
					send(orderId, ORDER_PLACED, eventId, orderPlaced(orderId, customerId, "5.00"));
				}
			}
			container.start(); // the 40 records arrive in one poll
			await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
				.until(() -> notifications("customerId", customerId).size() >= 8);
			container.stop();
			int beforeRestart = notifications("customerId", customerId).size();
			assertThat(beforeRestart).as("stopped in the middle of the batch").isLessThan(40);
			container.start();

			// Redelivered records of the interrupted batch included
			awaitEverythingSentSoFarConsumed();
			List<Map<String, Object>> notifications = notifications("customerId", customerId);
			long distinct = notifications.stream().map((n) -> n.get("eventId")).distinct().count();
			System.out.printf("FIGURES stop mid-batch: produced 40, processed before the stop %d, notifications after"
					+ " restart %d, lost %d, duplicates %d%n", beforeRestart, notifications.size(), 40 - distinct,
					notifications.size() - distinct);
			assertThat(notifications).hasSize(40);
			sentPerOrder.forEach((orderId, eventIds) -> assertThat(notifications("orderId", orderId))
				.extracting((n) -> n.get("eventId"))
				.as("per-order order")
				.containsExactlyElementsOf(eventIds));
		}
		finally {
			customerService.delay(customerId, Duration.ZERO);
			if (!container.isRunning()) {
				container.start();
			}
		}
	}

	@Test
	void aDeadLetterReplayedAfterTheFixHasExactlyOneEffect() {
		UUID customerId = UUID.randomUUID(); // not known to customer-service yet
		UUID orderId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		send(orderId, ORDER_PLACED, eventId, orderPlaced(orderId, customerId, "12.00"));
		assertThat(records(DEAD_LETTER_TOPIC, orderId.toString(), 1, DEADLINE)).hasSize(1);
		assertThat(notifications("orderId", orderId)).isEmpty();

		customerService.addCustomer(customerId, "fixed"); // the cause is fixed
		Map<String, Object> first = replay();
		assertThat(first).extractingByKey("replayed").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsKey(DEAD_LETTER_TOPIC);
		awaitNotificationsOfOrder(orderId, 1);
		replay(); // a second replay does not send it again

		Map<String, Object> status = this.management.get().uri("/actuator/deadletters").retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(status).containsEntry("replayGroup", "notification-service-deadletter-replay");
		// A replay returns once the broker acknowledged what it sent. A marker behind it on the order's partition: once
		// the marker is read and notified, so is anything either replay sent
		String marker = UUID.randomUUID().toString();
		send(orderId, ORDER_PLACED, marker, orderPlaced(orderId, customerService.addCustomer("marker"), "1.00"));
		List<ConsumerRecord<String, byte[]>> ofTheOrder = records(TOPIC, orderId.toString(),
				(found) -> found.stream().anyMatch((r) -> marker.equals(header(r, "ce_id"))), DEADLINE);
		assertThat(ofTheOrder).as("records of the order up to the marker").anyMatch((r) -> marker.equals(header(r, "ce_id")));
		List<ConsumerRecord<String, byte[]>> replayed = ofTheOrder.stream()
			.filter((r) -> header(r, "platform_replayed_from") != null)
			.toList();
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
			.until(() -> notifications("orderId", orderId).stream().anyMatch((n) -> marker.equals(n.get("eventId"))));
		List<Map<String, Object>> notifications = notifications("orderId", orderId).stream()
			.filter((n) -> !marker.equals(n.get("eventId")))
			.toList();
		System.out.printf("FIGURES replay: dead letters of the order 1, re-published after two replays %d,"
				+ " notifications %d%n", replayed.size(), notifications.size());
		assertThat(replayed).singleElement().satisfies((r) -> {
			assertThat(header(r, "ce_id")).isEqualTo(eventId);
			assertThat(header(r, "kafka_dlt-exception-fqcn")).isNull();
		});
		assertThat(notifications).singleElement().satisfies((n) -> assertThat(n).containsEntry("eventId", eventId)
			.containsEntry("recipient", "fixed@example.com"));
	}

	private Map<String, Object> replay() {
		return this.management.post().uri("/actuator/deadletters").retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	private static String failureReason(ConsumerRecord<?, ?> record) {
		return header(record, "kafka_dlt-exception-fqcn") + " " + header(record, "kafka_dlt-exception-cause-fqcn") + " "
				+ header(record, "kafka_dlt-exception-message");
	}

	/** The records of the topic with this key, from the beginning, once at least {@code count} are there. */
	static List<ConsumerRecord<String, byte[]>> records(String topic, String key, int count, Duration within) {
		return records(topic, key, (found) -> found.size() >= count, within);
	}

	/** The records of the topic with this key, from the beginning, once they are {@code enough}. */
	static List<ConsumerRecord<String, byte[]>> records(String topic, String key,
			Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration within) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				PlatformInfrastructure.kafkaBootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			long deadline = System.nanoTime() + within.toNanos();
			List<TopicPartition> partitions = List.of();
			while (partitions.isEmpty() && System.nanoTime() < deadline) {
				partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5))
					.stream()
					.map((p) -> new TopicPartition(p.topic(), p.partition()))
					.toList();
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (!enough.test(found) && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private record Sent(UUID orderId, String type, String eventId, byte[] value) {
	}

}
