package com.example.platform.order.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;
import com.google.protobuf.Message;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault tests of the publishing side against a real database and broker, with relays built by
 * hand (no Spring context, so the service's own relay cannot take the rows). Each prints its
 * figures ("FIGURES ...").
 */
class OutboxFaultsIT {

	private static final String BROKER = PlatformInfrastructure.kafkaBootstrapServers();

	/**
	 * A run of orders; in the middle, Kafka becomes unreachable for the relay (the bootstrap
	 * proxy closes and the relay's producer loses its connections), orders keep being accepted,
	 * then Kafka comes back: the same running relay publishes the backlog without a restart,
	 * nothing is lost, order per key is kept.
	 */
	@Test
	void kafkaUnreachableDuringARunOfOrdersLosesNothing() throws Exception {
		Outbox outbox = newOutbox();
		String topic = newTopic();
		try (KafkaBootstrapProxy proxy = new KafkaBootstrapProxy(BROKER)) {
			proxy.open();
			DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
					ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
					ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
					ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
					ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200),
					new StringSerializer(), new ByteArraySerializer());
			OutboxRelay relay = outbox.relay(new KafkaTemplate<>(producers), topic);
			relay.start();
			List<Written> written = new CopyOnWriteArrayList<>();
			long backlogAtReopen;
			long drainMillis;
			long backlogMillis;
			try {
				writeOrders(outbox, 20, written); // Kafka up: published as they come
				awaitDrained(outbox, Duration.ofSeconds(20));

				proxy.close();
				producers.reset(); // the relay's producer loses its broker: it must bootstrap again
				writeOrders(outbox, 20, written); // accepted while Kafka is unreachable
				Thread.sleep(1500);
				long pendingDuringOutage = outbox.repository().countPending();
				assertThat(pendingDuringOutage).as("events wait while Kafka is unreachable").isPositive();
				Thread.sleep(1100); // the relay refreshes its gauges once a second
				assertThat(relay.pendingEvents()).as("platform.outbox.pending").isPositive();
				assertThat(relay.oldestPendingAge()).as("platform.outbox.oldest.pending.age")
					.isGreaterThan(Duration.ofSeconds(1));

				long lastWaiting = outbox.jdbc().sql("select max(sequence) from outbox_event").query(Long.class).single();
				backlogAtReopen = outbox.repository().countPending();
				proxy.open();
				long reopened = System.nanoTime();
				Thread backlogWatch = Thread.ofVirtual().start(() -> awaitPublishedUpTo(outbox, lastWaiting));
				writeOrders(outbox, 20, written); // the run goes on while the backlog drains
				backlogWatch.join();
				backlogMillis = Duration.ofNanos(System.nanoTime() - reopened).toMillis();
				awaitDrained(outbox, Duration.ofSeconds(30));
				drainMillis = Duration.ofNanos(System.nanoTime() - reopened).toMillis();
			}
			finally {
				relay.stop();
				producers.destroy();
			}

			Delivery delivery = Delivery.of(topic, written);
			System.out.printf("FIGURES outage: events %d (orders 60), backlog when Kafka came back %d, backlog published"
					+ " %d ms after Kafka was reachable again, outbox empty (20 more orders written meanwhile) after %d ms,"
					+ " lost %d, duplicate records %d, per-key order kept %s%n", written.size(), backlogAtReopen,
					backlogMillis, drainMillis, delivery.lost(), delivery.duplicates(), delivery.inOrder());
			assertThat(delivery.lost()).isZero();
			assertThat(delivery.inOrder()).isTrue();
			assertThat(backlogAtReopen).isPositive();
		}
	}

	/**
	 * order-service stopped after its transactions committed but before the relay published
	 * (the rows are in the outbox, nothing on Kafka): a new instance started later publishes them.
	 */
	@Test
	void eventsCommittedBeforeACrashArePublishedByTheNextInstance() throws Exception {
		Outbox outbox = newOutbox();
		String topic = newTopic();
		DefaultKafkaProducerFactory<String, byte[]> producers = producers();
		List<Written> written = new ArrayList<>();
		OutboxRelay crashed = outbox.relay(new KafkaTemplate<>(producers), topic);
		// Never started: the service died between the commit and the relay's pass
		writeOrders(outbox, 10, written);
		assertThat(outbox.repository().countPending()).isEqualTo(written.size());
		assertThat(crashed.isRunning()).isFalse();

		OutboxRelay restarted = outbox.relay(new KafkaTemplate<>(producers), topic);
		long start = System.nanoTime();
		restarted.start();
		try {
			awaitDrained(outbox, Duration.ofSeconds(20));
		}
		finally {
			restarted.stop();
			producers.destroy();
		}
		Delivery delivery = Delivery.of(topic, written);
		System.out.printf("FIGURES crash before publish: %d events committed, published after restart in %d ms,"
				+ " lost %d, duplicates %d%n", written.size(), Duration.ofNanos(System.nanoTime() - start).toMillis(),
				delivery.lost(), delivery.duplicates());
		assertThat(delivery.lost()).isZero();
		assertThat(delivery.duplicates()).isZero();
		assertThat(delivery.inOrder()).isTrue();
	}

	/**
	 * Two instances of the service relay the same outbox at once: their claims never hold events
	 * of one order at the same time, so events of one order never overtake each other and none is
	 * sent twice.
	 */
	@Test
	void twoRelaysAtOnceKeepTheOrderPerKey() throws Exception {
		Outbox outbox = newOutbox();
		String topic = newTopic();
		DefaultKafkaProducerFactory<String, byte[]> producers = producers();
		OutboxRelay first = outbox.relay(new KafkaTemplate<>(producers), topic);
		OutboxRelay second = outbox.relay(new KafkaTemplate<>(producers), topic);
		List<Written> written = new CopyOnWriteArrayList<>();
		first.start();
		second.start();
		try {
			Thread writerA = Thread.ofVirtual().start(() -> writeOrders(outbox, 25, written));
			Thread writerB = Thread.ofVirtual().start(() -> writeOrders(outbox, 25, written));
			writerA.join();
			writerB.join();
			awaitDrained(outbox, Duration.ofSeconds(20));
		}
		finally {
			first.stop();
			second.stop();
			producers.destroy();
		}
		Delivery delivery = Delivery.of(topic, written);
		System.out.printf("FIGURES two relays: %d events, lost %d, duplicates %d, per-key order kept %s%n",
				written.size(), delivery.lost(), delivery.duplicates(), delivery.inOrder());
		assertThat(delivery.lost()).isZero();
		assertThat(delivery.duplicates()).isZero();
		assertThat(delivery.inOrder()).isTrue();
	}

	/** Orders placed one by one, each in its own transaction; every third one is cancelled right after. */
	private static void writeOrders(Outbox outbox, int count, List<Written> written) {
		for (int i = 0; i < count; i++) {
			String orderId = UUID.randomUUID().toString();
			String customerId = UUID.randomUUID().toString();
			write(outbox, orderId, OrderPlaced.newBuilder().setOrderId(orderId).setCustomerId(customerId)
				.setTotal("10.00").build(), written);
			if (i % 3 == 0) {
				write(outbox, orderId, OrderCancelled.newBuilder().setOrderId(orderId).setCustomerId(customerId)
					.setTotal("10.00").build(), written);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void write(Outbox outbox, String orderId, Message event, List<Written> written) {
		OutboxRow row = new OutboxRow(UUID.randomUUID(), 0, orderId, event.getDescriptorForType().getFullName(),
				event.toByteArray(), null, Instant.now().truncatedTo(ChronoUnit.MICROS));
		outbox.transaction().executeWithoutResult((status) -> outbox.repository().insert(row));
		written.add(new Written(orderId, row.id().toString()));
	}

	/** Waits (up to 30 s) until every event up to this sequence is published. */
	private static void awaitPublishedUpTo(Outbox outbox, long sequence) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (outbox.jdbc()
			.sql("select count(*) from outbox_event where published_at is null and sequence <= :sequence")
			.param("sequence", sequence)
			.query(Long.class)
			.single() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void awaitDrained(Outbox outbox, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (outbox.repository().countPending() > 0) {
			assertThat(System.nanoTime()).as("the outbox drains within " + timeout).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static Outbox newOutbox() {
		Database database = PlatformInfrastructure.newDatabase("order_outbox_faults");
		Flyway.configure().dataSource(database.url(), database.username(), database.password()).load().migrate();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
		return new Outbox(new OutboxRepository(JdbcClient.create(dataSource)), transactionManager,
				JdbcClient.create(dataSource));
	}

	private static String newTopic() throws Exception {
		String topic = "outbox-faults-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
		}
		return topic;
	}

	private static DefaultKafkaProducerFactory<String, byte[]> producers() {
		return new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				new StringSerializer(), new ByteArraySerializer());
	}

	private record Outbox(OutboxRepository repository, JdbcTransactionManager transactionManager, JdbcClient jdbc) {

		TransactionTemplate transaction() {
			return new TransactionTemplate(this.transactionManager);
		}

		OutboxRelay relay(KafkaTemplate<String, byte[]> kafka, String topic) {
			return new OutboxRelay(this.repository, this.transactionManager, kafka,
					new OutboxProperties(topic, Duration.ofMillis(50), 100, Duration.ofSeconds(5), Duration.ofMillis(200),
							Duration.ofDays(7)),
					Tracer.NOOP, Propagator.NOOP);
		}

	}

	private record Written(String orderId, String eventId) {
	}

	/** What reached the topic, compared with what was written to the outbox. */
	private record Delivery(long lost, long duplicates, boolean inOrder) {

		static Delivery of(String topic, List<Written> written) {
			Map<String, List<String>> expected = new LinkedHashMap<>();
			written.forEach((w) -> expected.computeIfAbsent(w.orderId(), (k) -> new ArrayList<>()).add(w.eventId()));
			List<ConsumerRecord<String, byte[]>> all = allRecords(topic);
			Map<String, List<String>> received = new LinkedHashMap<>();
			all.forEach((r) -> received.computeIfAbsent(r.key(), (k) -> new ArrayList<>())
				.add(new String(r.headers().lastHeader("ce_id").value(), java.nio.charset.StandardCharsets.UTF_8)));
			long lost = 0;
			long duplicates = 0;
			boolean inOrder = true;
			for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
				List<String> got = received.getOrDefault(entry.getKey(), List.of());
				LinkedHashSet<String> firstSeen = new LinkedHashSet<>(got);
				duplicates += got.size() - firstSeen.size();
				lost += entry.getValue().stream().filter((id) -> !firstSeen.contains(id)).count();
				inOrder &= List.copyOf(firstSeen).equals(entry.getValue());
			}
			return new Delivery(lost, duplicates, inOrder);
		}

		private static List<ConsumerRecord<String, byte[]>> allRecords(String topic) {
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER), new StringDeserializer(),
					new ByteArrayDeserializer())) {
				List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
					.stream()
					.map((p) -> new TopicPartition(p.topic(), p.partition()))
					.toList();
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
				Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
				long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (end.entrySet().stream().anyMatch((e) -> consumer.position(e.getKey()) < e.getValue())
						&& System.nanoTime() < deadline) {
					consumer.poll(Duration.ofMillis(200)).forEach(found::add);
				}
			}
			return found;
		}

	}

}
