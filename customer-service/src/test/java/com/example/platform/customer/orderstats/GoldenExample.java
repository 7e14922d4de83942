package com.example.platform.customer.orderstats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;

/**
 * One golden example message of {@code contracts/examples/}: the record exactly as order-service
 * publishes it (topic, key, CloudEvents headers) with the payload both as protobuf JSON (to read)
 * and as the binary bytes on the wire (base64).
 */
record GoldenExample(String topic, String key, Map<String, String> headers, Message payload, byte[] wireBytes) {

	static final Path DIRECTORY = Path.of("..", "contracts", "examples");

	private static final JsonMapper json = JsonMapper.builder().build();

	static GoldenExample read(String fileName) {
		try {
			JsonNode node = json.readTree(Files.readString(DIRECTORY.resolve(fileName)));
			Map<String, String> headers = new LinkedHashMap<>();
			node.get("headers").properties().forEach((entry) -> headers.put(entry.getKey(), entry.getValue().asString()));
			Message.Builder builder = builderFor(headers.get("ce_type"));
			JsonFormat.parser().merge(json.writeValueAsString(node.get("payload")), builder);
			return new GoldenExample(node.get("topic").asString(), node.get("key").asString(), headers,
					builder.build(), Base64.getDecoder().decode(node.get("payloadBase64").asString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The binary payload parsed with the type its ce_type names. */
	Message parsedWireBytes() throws InvalidProtocolBufferException {
		return builderFor(this.headers.get("ce_type")).mergeFrom(this.wireBytes).build();
	}

	private static Message.Builder builderFor(String ceType) {
		if (OrderPlaced.getDescriptor().getFullName().equals(ceType)) {
			return OrderPlaced.newBuilder();
		}
		if (OrderRejected.getDescriptor().getFullName().equals(ceType)) {
			return OrderRejected.newBuilder();
		}
		if (OrderCancelled.getDescriptor().getFullName().equals(ceType)) {
			return OrderCancelled.newBuilder();
		}
		throw new IllegalArgumentException("No example type " + ceType);
	}

}
