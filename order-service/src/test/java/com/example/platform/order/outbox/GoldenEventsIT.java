package com.example.platform.order.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.example.platform.order.OrderEventsConsumer.awaitRecords;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producer-side golden tests: the records the real outbox relay publishes to the (embedded) broker are what
 * {@code contracts/examples} show the consumers: the same topic, key = ce_subject = the order id, exactly the same
 * header names, the same constant header values (specversion, type, source, content-type), ids, times and trace
 * context in the same form, and a payload with the same JSON fields of the same JSON types. Renaming, adding or
 * dropping a header or a payload field on either side fails here; the consumers' golden tests
 * (notification-service GoldenExamplesIT, customer-service OrderStatisticsIT) read the same files.
 */
class GoldenEventsIT extends OrderServiceITSupport {

	private static final Path EXAMPLES = Path.of("../contracts/examples");

	// The auth-server demo user, the owner in the examples
	private static final String DEMO = "demo";

	private static final Map<String, Supplier<Message.Builder>> MESSAGES = Map.of(
			OrderPlaced.getDescriptor().getFullName(), OrderPlaced::newBuilder,
			OrderRejected.getDescriptor().getFullName(), OrderRejected::newBuilder,
			OrderCancelled.getDescriptor().getFullName(), OrderCancelled::newBuilder);

	@Test
	void placedAndCancelledOrderEventsAreTheExamples() throws Exception {
		UUID customerId = customerService.customer(Answer.RESERVE);
		String demo = bearer(DEMO, "orders.read", "orders.write");
		Response placed = post("/api/orders", orderJson(customerId, twoItems()), "Authorization", demo, "traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
		String orderId = placed.body().get("id").asString();
		Response cancelled = post("/api/orders/" + orderId + "/cancel", "", "Authorization", demo);
		assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);

		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.kafkaBootstrapServers, TOPIC, orderId, 2,
				Duration.ofSeconds(20));

		assertThat(records).hasSize(2);
		assertLikeExample(records.get(0), example("order-placed.v1.json"));
		assertLikeExample(records.get(1), example("order-cancelled.v1.json"));
	}

	@Test
	void rejectedOrderEventIsTheExample() throws Exception {
		UUID customerId = customerService.customer(Answer.REFUSE);
		Response rejected = post("/api/orders", orderJson(customerId, twoItems()), "Authorization",
				bearer(DEMO, "orders.read", "orders.write"), "traceparent",
				"00-5c0a3e8f1d2b4c6a8e9f0a1b2c3d4e5f-1a2b3c4d5e6f7a8b-01");
		assertThat(rejected.status()).as(rejected.raw()).isEqualTo(201);
		String orderId = rejected.body().get("id").asString();

		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.kafkaBootstrapServers, TOPIC, orderId, 1,
				Duration.ofSeconds(20));

		assertThat(records).hasSize(1);
		assertLikeExample(records.getFirst(), example("order-rejected.v1.json"));
	}

	private static void assertLikeExample(ConsumerRecord<String, byte[]> record, JsonNode example) throws Exception {
		JsonNode exampleHeaders = example.get("headers");
		String name = example.get("headers").get("ce_type").asString();
		assertThat(record.topic()).isEqualTo(example.get("topic").asString());

		List<String> headerNames = StreamSupport.stream(record.headers().spliterator(), false).map(Header::key).toList();
		assertThat(headerNames).as("header names of the published %s (each once) against contracts/examples", name)
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(exampleHeaders.propertyNames());
		for (String constant : List.of("ce_specversion", "ce_type", "ce_source", "content-type")) {
			assertThat(header(record, constant)).as(constant).isEqualTo(exampleHeaders.get(constant).asString());
		}

		JsonNode payload = json.readTree(JsonFormat.printer().print(parse(name, record.value())));
		JsonNode examplePayload = example.get("payload");
		assertThat(shape(payload)).as("JSON fields and types of the published %s's payload", name)
			.isEqualTo(shape(examplePayload));

		// The same relations and forms in the example and in the record
		String timeField = timeFieldOf(examplePayload);
		for (Side side : List.of(
				new Side("contracts/examples", example.get("key").asString(), exampleHeaders.get("ce_id").asString(),
						exampleHeaders.get("ce_subject").asString(), exampleHeaders.get("ce_time").asString(),
						exampleHeaders.get("traceparent").asString(), examplePayload),
				new Side("the published record", record.key(), header(record, "ce_id"), header(record, "ce_subject"),
						header(record, "ce_time"), header(record, "traceparent"), payload))) {
			assertThat(UUID.fromString(side.ceId())).as("%s: ce_id", side.what()).isNotNull();
			assertThat(side.subject()).as("%s: ce_subject = key = payload orderId", side.what())
				.isEqualTo(side.key())
				.isEqualTo(side.payload().get("orderId").asString());
			assertThat(side.time()).as("%s: ce_time, RFC 3339 in UTC", side.what())
				.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
			assertThat(Instant.parse(side.time())).as("%s: ce_time = payload %s", side.what(), timeField)
				.isEqualTo(Instant.parse(side.payload().get(timeField).asString()));
			assertThat(side.traceparent()).as("%s: traceparent (W3C)", side.what())
				.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		}
	}

	private record Side(String what, String key, String ceId, String subject, String time, String traceparent,
			JsonNode payload) {
	}

	private static Message parse(String type, byte[] value) throws IOException {
		assertThat(MESSAGES).as("a message for ce_type %s", type).containsKey(type);
		return MESSAGES.get(type).get().mergeFrom(value).build();
	}

	private static String timeFieldOf(JsonNode payload) {
		return new TreeSet<>(payload.propertyNames()).stream().filter((field) -> field.endsWith("At")).findFirst()
			.orElseThrow();
	}

	/** Every JSON path with the type of its value ("lines[].quantity: NUMBER"); arrays by their elements. */
	private static List<String> shape(JsonNode node) {
		List<String> paths = new ArrayList<>();
		shape("", node, paths);
		return paths.stream().distinct().sorted().toList();
	}

	private static void shape(String path, JsonNode node, List<String> paths) {
		if (node.isObject()) {
			node.propertyNames().forEach((field) -> shape(path.isEmpty() ? field : path + "." + field, node.get(field),
					paths));
		}
		else if (node.isArray()) {
			node.forEach((element) -> shape(path + "[]", element, paths));
		}
		else {
			paths.add(path + ": " + node.getNodeType());
		}
	}

	private static JsonNode example(String file) throws IOException {
		return json.readTree(Files.readString(EXAMPLES.resolve(file)));
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
