package com.example.platform.customer.orderstats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.example.platform.customer.CustomerServiceITSupport;
import com.example.platform.test.PlatformInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second consumer group of the order events: real Kafka records in, statistics out through
 * the REST API. Duplicated deliveries count once.
 */
class OrderStatisticsIT extends CustomerServiceITSupport {

	private static final String TOPIC = "platform.order.events.v1";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static KafkaProducer<String, byte[]> producer;

	@Autowired
	private JdbcClient jdbc;

	@BeforeAll
	static void startProducer() {
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				PlatformInfrastructure.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void stopProducer() {
		producer.close(Duration.ofSeconds(5));
	}

	@Test
	void theGoldenExamplesCountAsDocumented() throws Exception {
		List<GoldenExample> examples = List.of(GoldenExample.read("order-placed.v1.json"),
				GoldenExample.read("order-rejected.v1.json"), GoldenExample.read("order-cancelled.v1.json"));
		for (GoldenExample example : examples) {
			assertThat(example.parsedWireBytes()).isEqualTo(example.payload());
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(example.topic(), example.key(),
					example.wireBytes());
			example.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
			producer.send(record).get(10, TimeUnit.SECONDS);
		}
		String customerId = "0b6e5d4c-3a2f-4e1d-8c7b-6a5f4e3d2c1b";
		// Not a customer of alice's (not a customer here at all): only a caller allowed to read any customer sees it
		this.http = withToken(bearer("notification-service", "customers.read.all"));

		JsonNode statistics = awaitStatistics(customerId, 3);
		assertThat(statistics.get("customerId").asString()).isEqualTo(customerId);
		assertThat(statistics.get("ordersPlaced").asLong()).isEqualTo(1);
		assertThat(statistics.get("ordersRejected").asLong()).isEqualTo(1);
		assertThat(statistics.get("ordersCancelled").asLong()).isEqualTo(1);
		assertThat(statistics.get("placedTotal").decimalValue()).isEqualByComparingTo("44.48");
		assertThat(statistics.get("cancelledTotal").decimalValue()).isEqualByComparingTo("44.48");
		assertThat(statistics.get("activeTotal").decimalValue()).isEqualByComparingTo("0");
	}

	@Test
	void everyEventDeliveredTwiceCountsOnce() throws Exception {
		String customerId = createCustomer();
		List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String orderId = UUID.randomUUID().toString();
			events.add(record(orderId, OrderPlaced.newBuilder().setOrderId(orderId).setCustomerId(customerId)
				.setTotal("10.00").build().toByteArray(), "OrderPlaced"));
			if (i % 2 == 0) {
				events.add(record(orderId, OrderCancelled.newBuilder().setOrderId(orderId).setCustomerId(customerId)
					.setTotal("10.00").build().toByteArray(), "OrderCancelled"));
			}
			else if (i == 9) {
				events.add(record(orderId, OrderRejected.newBuilder().setOrderId(orderId).setCustomerId(customerId)
					.setTotal("99.99").setReason("test").build().toByteArray(), "OrderRejected"));
			}
		}
		for (ProducerRecord<String, byte[]> event : events) {
			producer.send(event).get(10, TimeUnit.SECONDS);
			producer.send(event).get(10, TimeUnit.SECONDS); // every event twice
		}

		awaitEverythingSentSoFarConsumed(); // a copy handled late would be counted by now
		JsonNode statistics = statistics(customerId).body();
		long processed = this.jdbc.sql("select count(*) from processed_order_event where event_id in (:ids)")
			.param("ids", events.stream().map((e) -> header(e, "ce_id")).toList())
			.query(Long.class)
			.single();
		System.out.printf("FIGURES customer-service duplicates: produced %d records for %d events, counted %d,"
				+ " double counts %d%n", events.size() * 2, events.size(), processed, count(statistics) - events.size());
		assertThat(statistics.get("ordersPlaced").asLong()).isEqualTo(10);
		assertThat(statistics.get("ordersCancelled").asLong()).isEqualTo(5);
		assertThat(statistics.get("ordersRejected").asLong()).isEqualTo(1);
		assertThat(statistics.get("placedTotal").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(statistics.get("cancelledTotal").decimalValue()).isEqualByComparingTo("50.00");
		assertThat(statistics.get("activeTotal").decimalValue()).isEqualByComparingTo("50.00");
		assertThat(processed).isEqualTo(events.size());
	}

	@Test
	void anUnparseableEventIsDeadLetteredWithItsReasonAndTheEventBehindItIsCounted() throws Exception {
		String customerId = createCustomer();
		String orderId = UUID.randomUUID().toString(); // one key: one partition, poison first
		ProducerRecord<String, byte[]> poison = record(orderId, new byte[] { 0x0F, (byte) 0xFF, 0x01 }, "OrderPlaced");
		producer.send(poison).get(10, TimeUnit.SECONDS);
		producer.send(record(orderId, OrderPlaced.newBuilder().setOrderId(orderId).setCustomerId(customerId)
			.setTotal("7.00").build().toByteArray(), "OrderPlaced")).get(10, TimeUnit.SECONDS);

		JsonNode statistics = awaitStatistics(customerId, 1);
		assertThat(statistics.get("ordersPlaced").asLong()).isEqualTo(1);
		assertThat(statistics.get("placedTotal").decimalValue()).isEqualByComparingTo("7.00");
		ConsumerRecord<String, byte[]> dead = deadLetter(orderId);
		assertThat(header(dead, "ce_id")).isEqualTo(header(poison, "ce_id"));
		assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo("customer-service");
		assertThat(header(dead, "kafka_dlt-exception-fqcn") + header(dead, "kafka_dlt-exception-cause-fqcn"))
			.contains("InvalidWireTypeException");
	}

	@Test
	void aCustomerWithoutOrdersHasZerosAndAnUnknownOneIsNotFound() {
		String customerId = createCustomer();

		Statistics known = statistics(customerId);
		assertThat(known.status()).isEqualTo(HttpStatus.OK);
		assertThat(count(known.body())).isZero();
		assertThat(statistics(UUID.randomUUID().toString()).status()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(statistics("not-a-uuid").status()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	/**
	 * Sends one event of a fresh customer to every partition of the topic and waits until all of them are counted. The
	 * listener handles a partition in order, so by then it has handled every record sent before: a positive signal, where
	 * a pause would let a slow consumer hide a late duplicate.
	 */
	private void awaitEverythingSentSoFarConsumed() throws Exception {
		String markerCustomerId = createCustomer();
		int partitions = producer.partitionsFor(TOPIC).size();
		for (int partition = 0; partition < partitions; partition++) {
			String orderId = UUID.randomUUID().toString();
			producer.send(record(orderId, partition, OrderPlaced.newBuilder().setOrderId(orderId)
				.setCustomerId(markerCustomerId).setTotal("1.00").build().toByteArray(), "OrderPlaced"))
				.get(10, TimeUnit.SECONDS);
		}
		awaitStatistics(markerCustomerId, partitions);
	}

	private JsonNode awaitStatistics(String customerId, long events) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			Statistics statistics = statistics(customerId);
			if (statistics.status() == HttpStatus.OK && count(statistics.body()) >= events) {
				return statistics.body();
			}
			assertThat(System.nanoTime()).as("statistics of " + customerId + " within 30s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private static long count(JsonNode statistics) {
		return statistics.get("ordersPlaced").asLong() + statistics.get("ordersRejected").asLong()
				+ statistics.get("ordersCancelled").asLong();
	}

	private Statistics statistics(String customerId) {
		EntityExchangeResult<String> result = this.http.get()
			.uri("/api/customers/{id}/order-statistics", customerId)
			.exchange()
			.returnResult(String.class);
		HttpStatus status = HttpStatus.valueOf(result.getStatus().value());
		return new Statistics(status, (status == HttpStatus.OK) ? json.readTree(result.getResponseBody()) : null);
	}

	private String createCustomer() {
		EntityExchangeResult<String> created = this.http.post()
			.uri("/api/customers")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Stats", "email", "stats-" + UUID.randomUUID() + "@example.com", "creditLimit", 1000))
			.exchange()
			.returnResult(String.class);
		assertThat(created.getStatus()).isEqualTo(HttpStatus.CREATED);
		return json.readTree(created.getResponseBody()).get("id").asString();
	}

	private static ProducerRecord<String, byte[]> record(String orderId, byte[] value, String type) {
		return record(orderId, null, value, type);
	}

	/** @param partition null: the key picks it */
	private static ProducerRecord<String, byte[]> record(String orderId, Integer partition, byte[] value, String type) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, partition, orderId, value);
		add(record, "ce_specversion", "1.0");
		add(record, "ce_id", UUID.randomUUID().toString());
		add(record, "ce_type", "platform.order.events.v1." + type);
		add(record, "ce_source", "/order-service");
		add(record, "ce_time", Instant.now().toString());
		add(record, "ce_subject", orderId);
		add(record, "content-type", "application/protobuf");
		return record;
	}

	private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static ConsumerRecord<String, byte[]> deadLetter(String key) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformInfrastructure.kafkaBootstrapServers()),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			List<TopicPartition> partitions = List.of();
			while (partitions.isEmpty() && System.nanoTime() < deadline) {
				partitions = consumer.partitionsFor(TOPIC + "-dlt", Duration.ofSeconds(5))
					.stream()
					.map((p) -> new TopicPartition(p.topic(), p.partition()))
					.toList();
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No dead letter with key " + key + " within 30s");
	}

	private record Statistics(HttpStatus status, JsonNode body) {
	}

}
