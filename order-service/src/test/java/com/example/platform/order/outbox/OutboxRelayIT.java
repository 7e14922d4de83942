package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.order.OrderEventsConsumer;
import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * The relay against a real database and broker, without a Spring context (so the service's
 * own relay cannot take the rows): Kafka is unreachable when the events are written, becomes
 * reachable later, and the same running relay delivers everything, in order per key.
 */
class OutboxRelayIT {

	@Test
	void eventsWrittenWhileKafkaIsUnreachableArePublishedInOrderOnceItIsBack() throws Exception {
		Database database = PlatformInfrastructure.newDatabase("order_outbox");
		Flyway.configure().dataSource(database.url(), database.username(), database.password()).load().migrate();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
		OutboxRepository outbox = new OutboxRepository(JdbcClient.create(dataSource));
		String broker = PlatformInfrastructure.kafkaBootstrapServers();
		String topic = "outbox-relay-it-" + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
		}

		// Two aggregates, their events interleaved
		List<OutboxRow> rows = List.of(row("order-a", "a1"), row("order-b", "b1"), row("order-a", "a2"),
				row("order-b", "b2"), row("order-a", "a3"));
		new TransactionTemplate(transactionManager).executeWithoutResult((status) -> rows.forEach(outbox::insert));

		try (KafkaBootstrapProxy proxy = new KafkaBootstrapProxy(broker)) {
			DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
					ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.bootstrapServers(),
					ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
					ProducerConfig.MAX_BLOCK_MS_CONFIG, 500, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
					ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000, ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200),
					new StringSerializer(), new ByteArraySerializer());
			OutboxProperties properties = new OutboxProperties(topic, Duration.ofMillis(100), 100, Duration.ofSeconds(5),
					Duration.ofMillis(200), Duration.ofDays(7));
			OutboxRelay relay = new OutboxRelay(outbox, transactionManager, new KafkaTemplate<>(producers), properties,
					Tracer.NOOP, Propagator.NOOP);
			relay.start();
			try {
				Thread.sleep(1500); // several passes, each failing to reach the broker
				assertThat(outbox.countPending()).as("nothing is lost while Kafka is down").isEqualTo(5);
				assertThat(relay.pendingEvents()).as("the platform.outbox.pending gauge").isEqualTo(5);

				proxy.open();

				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (outbox.countPending() > 0 && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				assertThat(outbox.countPending()).as("delivered without a restart").isZero();
				Thread.sleep(1200);
				assertThat(relay.pendingEvents()).as("the platform.outbox.pending gauge").isZero();
			}
			finally {
				relay.stop();
				producers.destroy();
			}
		}

		assertThat(ceIds(broker, topic, "order-a")).containsExactly(id(rows, 0), id(rows, 2), id(rows, 4));
		assertThat(ceIds(broker, topic, "order-b")).containsExactly(id(rows, 1), id(rows, 3));
	}

	private static List<String> ceIds(String broker, String topic, String key) {
		return OrderEventsConsumer.allRecords(broker, topic, key)
			.stream()
			.map((record) -> OrderEventsConsumer.header(record, "ce_id"))
			.toList();
	}

	private static String id(List<OutboxRow> rows, int index) {
		return rows.get(index).id().toString();
	}

	private static OutboxRow row(String aggregateId, String payload) {
		return new OutboxRow(UUID.randomUUID(), 0, aggregateId, "test.Event", payload.getBytes(StandardCharsets.UTF_8),
				null, Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

}
