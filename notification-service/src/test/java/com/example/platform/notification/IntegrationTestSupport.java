package com.example.platform.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderLine;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.example.platform.test.PlatformInfrastructure;
import com.example.platform.test.UseKafka;
import com.example.platform.test.UsePostgres;
import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * Everything the integration tests share, declared once so that every *IT class runs in the same cached Spring
 * context: real PostgreSQL and Kafka, customer-service faked over HTTP (accepting only notification-service's own
 * client-credentials token of the test issuer), events produced by a plain KafkaProducer. Events belong to
 * {@link #OWNER} unless a test says otherwise, and {@link #http} reads as {@link #OWNER}.
 */
// The embedded broker shares the JVM and its logging: keep its chatter out of the build output
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "logging.level.org.apache.kafka=WARN",
		"logging.level.kafka=WARN", "logging.level.state.change.logger=WARN" })
@UsePostgres
@UseKafka
@UseTestIssuer
abstract class IntegrationTestSupport {

	/** The principal that placed the orders of the events, unless a test says otherwise. */
	static final String OWNER = "alice";

	static final String TOPIC = "platform.order.events.v1";

	static final String ORDER_PLACED = "platform.order.events.v1.OrderPlaced";

	static final String ORDER_REJECTED = "platform.order.events.v1.OrderRejected";

	static final String ORDER_CANCELLED = "platform.order.events.v1.OrderCancelled";

	static final String DEAD_LETTER_TOPIC = TOPIC + "-dlt";

	/** Generous: a poison record on the same partition may hold it for the error handler's whole backoff. */
	static final Duration DEADLINE = Duration.ofSeconds(60);

	static final FakeCustomerService customerService = FakeCustomerService.start();

	static {
		// Like customer-service: only a valid token of notification-service's own client, allowed to read any customer
		JwtDecoder issuer = NimbusJwtDecoder.withJwkSetUri(TestIssuer.shared().jwkSetUri()).build();
		customerService.requireBearer((token) -> {
			try {
				Jwt jwt = issuer.decode(token);
				return "notification-service".equals(jwt.getSubject())
						&& TestIssuer.shared().issuerUri().equals(jwt.getClaimAsString("iss"))
						&& jwt.getAudience().contains(TestIssuer.AUDIENCE)
						&& String.valueOf(jwt.getClaims().get("scope")).contains("customers.read.all");
			}
			catch (JwtException ex) {
				return false;
			}
		});
	}

	static KafkaProducer<String, byte[]> producer;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	RestClient.Builder restClientBuilder;

	/** Reads as {@link #OWNER} (scope notifications.read). */
	RestClient http;

	/** The management port (actuator), which needs no token. */
	RestClient management;

	@DynamicPropertySource
	static void customerServiceUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.http.serviceclient.customer-service.base-url", customerService::baseUrl);
		registry.add("spring.security.oauth2.client.provider.auth-server.token-uri", TestIssuer.shared()::tokenUri);
	}

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

	@BeforeEach
	void httpClient() {
		// A fresh token per test: tokens live five minutes
		this.http = as(OWNER, "notifications.read");
		this.management = this.restClientBuilder.clone().baseUrl("http://127.0.0.1:" + this.managementPort).build();
	}

	/** A client of the API sending a token of {@code subject} with these scopes. */
	RestClient as(String subject, String... scopes) {
		return withAuthorization(TestIssuer.shared().token(subject).scopes(scopes).bearer());
	}

	/** A client of the API sending this Authorization header (null: none). */
	RestClient withAuthorization(String authorization) {
		RestClient.Builder builder = this.restClientBuilder.clone().baseUrl("http://127.0.0.1:" + this.port);
		if (authorization != null) {
			builder.defaultHeader("Authorization", authorization);
		}
		return builder.build();
	}

	/** Sends one order event the way order-service does: key = order id, CloudEvents headers, protobuf value. */
	static void send(UUID orderId, String ceType, String ceId, byte[] value) {
		send(null, orderId, ceType, ceId, value);
	}

	/** @param partition null: the key picks it, as for order-service's events */
	static void send(Integer partition, UUID orderId, String ceType, String ceId, byte[] value) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, partition, orderId.toString(), value);
		header(record, "ce_specversion", "1.0");
		header(record, "ce_id", ceId);
		header(record, "ce_type", ceType);
		header(record, "ce_source", "/order-service");
		header(record, "ce_time", Instant.now().toString());
		header(record, "ce_subject", orderId.toString());
		header(record, "content-type", "application/protobuf");
		try {
			producer.send(record).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not send " + ceType, ex);
		}
	}

	static byte[] orderPlaced(UUID orderId, UUID customerId, String total) {
		return orderPlaced(orderId, customerId, total, OWNER);
	}

	/** @param owner null: an event from before ownership existed */
	static byte[] orderPlaced(UUID orderId, UUID customerId, String total, String owner) {
		OrderPlaced.Builder event = OrderPlaced.newBuilder()
			.setOrderId(orderId.toString())
			.setCustomerId(customerId.toString())
			.addLines(OrderLine.newBuilder().setSku("SKU-1").setQuantity(2).setUnitPrice("19.99"))
			.setTotal(total)
			.setPlacedAt(now());
		if (owner != null) {
			event.setOwner(owner);
		}
		return event.build().toByteArray();
	}

	static byte[] orderRejected(UUID orderId, UUID customerId, String total, String reason) {
		return OrderRejected.newBuilder()
			.setOrderId(orderId.toString())
			.setCustomerId(customerId.toString())
			.setTotal(total)
			.setReason(reason)
			.setRejectedAt(now())
			.setOwner(OWNER)
			.build()
			.toByteArray();
	}

	static byte[] orderCancelled(UUID orderId, UUID customerId, String total) {
		return orderCancelled(orderId, customerId, total, OWNER);
	}

	static byte[] orderCancelled(UUID orderId, UUID customerId, String total, String owner) {
		OrderCancelled.Builder event = OrderCancelled.newBuilder()
			.setOrderId(orderId.toString())
			.setCustomerId(customerId.toString())
			.setTotal(total)
			.setCancelledAt(now());
		if (owner != null) {
			event.setOwner(owner);
		}
		return event.build().toByteArray();
	}

	private static Timestamp now() {
		Instant now = Instant.now();
		return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
	}

	private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	List<Map<String, Object>> notifications(String parameter, UUID value) {
		return this.http.get()
			.uri("/api/notifications?{parameter}={value}", parameter, value)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	/**
	 * Sends one event of a fresh customer to every partition of the topic and waits until each is notified. The listener
	 * handles a partition in order, so by then it has handled every record sent before: a positive signal, where a pause
	 * would let a slow consumer hide a late duplicate.
	 */
	void awaitEverythingSentSoFarConsumed() {
		UUID markerCustomerId = customerService.addCustomer("marker");
		int partitions = producer.partitionsFor(TOPIC).size();
		for (int partition = 0; partition < partitions; partition++) {
			UUID orderId = UUID.randomUUID();
			send(partition, orderId, ORDER_PLACED, UUID.randomUUID().toString(),
					orderPlaced(orderId, markerCustomerId, "1.00"));
		}
		await().atMost(DEADLINE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> notifications("customerId", markerCustomerId).size() >= partitions);
	}

	/** Waits until the order has this many notifications, and returns them. */
	List<Map<String, Object>> awaitNotificationsOfOrder(UUID orderId, int count) {
		return await().atMost(DEADLINE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> notifications("orderId", orderId), (list) -> list.size() >= count);
	}

}
