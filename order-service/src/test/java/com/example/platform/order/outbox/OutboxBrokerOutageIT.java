package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own relay and producer, configured exactly as in production (application.yaml: only the
 * bootstrap address points at a broker of this test), lose a real broker and get it back without a restart
 * of the service. The broker is this class's own embedded KRaft node (the shared one must not go down under
 * the other tests); its broker role is stopped and started again: same port, same log directories, same
 * cluster metadata, as a restarted broker process. The node's controller role keeps running meanwhile,
 * invisible to clients (its listener is not in their bootstrap list).
 */
@DirtiesContext // the context's producer points at this class's broker, which is gone after the class
class OutboxBrokerOutageIT extends OrderServiceITSupport {

	private static EmbeddedKafkaKraftBroker kafka;

	private final RelayLog relayLog = new RelayLog();

	@DynamicPropertySource
	static void dedicatedBroker(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> kafka().getBrokersAsString());
	}

	private static synchronized EmbeddedKafkaKraftBroker kafka() {
		if (kafka == null) {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
			// Not the default spring.kafka.bootstrap-servers: that system property would reach contexts created later
			broker.brokerListProperty("order-service.outbox-outage-it.brokers");
			broker.afterPropertiesSet();
			kafka = broker;
		}
		return kafka;
	}

	@AfterAll
	static void stopBroker() {
		if (kafka != null) {
			kafka.destroy();
			kafka = null;
		}
	}

	@BeforeEach
	void watchRelay() {
		this.relayLog.start();
		relayLogger().addAppender(this.relayLog);
	}

	@AfterEach
	void stopWatchingRelay() {
		relayLogger().detachAppender(this.relayLog);
		this.relayLog.stop();
	}

	@Test
	void aStoppedBrokerLosesNoEventAndDuplicatesNoneOnceItIsBack() throws Exception {
		UUID customerId = customerService.customer(Answer.RESERVE);
		List<UUID> orders = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			orders.add(placeOrder(customerId));
		}
		// Nothing in flight when the broker goes: every event of the outage is one the broker never saw
		await(this::outboxDrained, Duration.ofSeconds(60), "the events placed while the broker is up to be sent");

		BrokerServer broker = brokerServer();
		broker.shutdown();
		long stopped = System.nanoTime();
		List<UUID> duringOutage = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			duringOutage.add(placeOrder(customerId)); // 201: the broker is not on the order's path
		}
		orders.addAll(duringOutage);
		assertThat(pendingEventsOf(duringOutage)).as("events of the orders placed while the broker is down, kept in the outbox")
			.isEqualTo(duringOutage.size());
		// The relay really met the outage: a send failed (after delivery.timeout.ms), and the row stayed pending
		String firstWaiting = duringOutage.getFirst().toString();
		await(() -> this.relayLog.failuresFor(firstWaiting) > 0, Duration.ofSeconds(60),
				"the relay to report that Kafka did not acknowledge the event of order " + firstWaiting);
		long failureSeenMs = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
		assertThat(pendingEventsOf(duringOutage)).as("events still pending after the relay's failed send")
			.isEqualTo(duringOutage.size());

		broker.startup();
		long restarted = System.nanoTime();
		await(this::outboxDrained, Duration.ofSeconds(120), "the relay to send the backlog once the broker is back");
		long drainedMs = Duration.ofNanos(System.nanoTime() - restarted).toMillis();

		// The relay has had every event acknowledged, so nothing of it can still arrive after a marker written now
		Map<String, String> eventIds = eventIdsByOrder(orders);
		List<ConsumerRecord<String, byte[]>> records = readUpToMarkers();
		List<String> delivered = records.stream().map((r) -> header(r, "ce_id")).toList();
		List<String> deliveredOrders = records.stream().map(ConsumerRecord::key).toList();
		System.out.printf("FIGURES real broker stop: %d orders (%d while the broker was down), relay failure seen %d ms"
				+ " after the stop (%d failed sends logged), outbox drained %d ms after the restart, %d records on"
				+ " the topic%n", orders.size(), duringOutage.size(), failureSeenMs, this.relayLog.failures(), drainedMs,
				records.size());
		assertThat(delivered).as("ce_id of every record on the topic: each order's event exactly once")
			.containsExactlyInAnyOrderElementsOf(eventIds.values());
		assertThat(deliveredOrders).as("record keys").containsExactlyInAnyOrderElementsOf(eventIds.keySet());
	}

	private boolean outboxDrained() {
		return this.jdbc.sql("select count(*) from outbox_event where published_at is null").query(Long.class).single() == 0;
	}

	private long pendingEventsOf(List<UUID> orders) {
		return this.jdbc.sql("select count(*) from outbox_event where published_at is null and aggregate_id in (:ids)")
			.param("ids", orders.stream().map(UUID::toString).toList())
			.query(Long.class)
			.single();
	}

	/** Event id by order id: each order placed here wrote exactly one event (OrderPlaced). */
	private Map<String, String> eventIdsByOrder(List<UUID> orders) {
		List<Map.Entry<String, String>> rows = this.jdbc
			.sql("select aggregate_id, id from outbox_event where aggregate_id in (:ids)")
			.param("ids", orders.stream().map(UUID::toString).toList())
			.query((rs, rowNum) -> Map.entry(rs.getString("aggregate_id"), rs.getString("id")))
			.list();
		assertThat(rows).as("one outbox event per order").hasSize(orders.size());
		return rows.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * Writes a marker at the end of every partition, then reads the topic from the beginning up to the markers:
	 * everything the relay had acknowledged before the markers, duplicates included, is in the result.
	 */
	private List<ConsumerRecord<String, byte[]>> readUpToMarkers() throws Exception {
		String marker = "marker-" + UUID.randomUUID();
		List<TopicPartition> partitions;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.kafkaBootstrapServers, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
				new ByteArraySerializer())) {
			partitions = producer.partitionsFor(TOPIC)
				.stream()
				.map((p) -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			for (TopicPartition partition : partitions) {
				producer.send(new ProducerRecord<>(TOPIC, partition.partition(), marker, new byte[0])).get();
			}
		}
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		Set<Integer> markersSeen = new HashSet<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.kafkaBootstrapServers), new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (marker.equals(record.key())) {
						markersSeen.add(record.partition());
					}
					else {
						records.add(record);
					}
				}
				return markersSeen.size() == partitions.size();
			}, Duration.ofSeconds(60), "the markers on every partition of " + TOPIC);
		}
		return records;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		return (record.headers().lastHeader(name) != null)
				? new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8) : null;
	}

	private static BrokerServer brokerServer() {
		Map<Integer, BrokerServer> brokers = kafka().getCluster().brokers();
		assertThat(brokers).hasSize(1);
		return brokers.values().iterator().next();
	}

	private static Logger relayLogger() {
		return (Logger) LoggerFactory.getLogger(OutboxRelay.class);
	}

	/** The relay's log: its warnings say which event Kafka did not acknowledge. */
	private static final class RelayLog extends AppenderBase<ILoggingEvent> {

		private final List<String> failures = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getFormattedMessage().startsWith("Kafka did not acknowledge outbox event")) {
				this.failures.add(event.getFormattedMessage());
			}
		}

		long failuresFor(String orderId) {
			return this.failures.stream().filter((message) -> message.contains(" for " + orderId + ")")).count();
		}

		int failures() {
			return this.failures.size();
		}

	}

}
