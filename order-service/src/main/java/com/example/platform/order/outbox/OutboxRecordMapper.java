package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What an outbox row becomes on Kafka, and the trace it is sent in.
 * <p>
 * The headers are CloudEvents binary mode, byte for byte what the consumers and {@code contracts/examples} expect:
 * key = aggregate id (order per aggregate), {@code ce_id} = the row id (the consumers' deduplication key).
 */
class OutboxRecordMapper {

	static final String SOURCE = "/order-service";

	private final String topic;

	private final Tracer tracer;

	private final Propagator propagator;

	OutboxRecordMapper(String topic, Tracer tracer, Propagator propagator) {
		this.topic = topic;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	ProducerRecord<String, byte[]> toRecord(OutboxRow row) {
		Headers headers = new RecordHeaders();
		header(headers, "ce_specversion", "1.0");
		header(headers, "ce_id", row.id().toString());
		header(headers, "ce_type", row.eventType());
		header(headers, "ce_source", SOURCE);
		header(headers, "ce_time", row.createdAt().toString());
		header(headers, "ce_subject", row.aggregateId());
		header(headers, "content-type", "application/protobuf");
		return new ProducerRecord<>(this.topic, null, row.aggregateId(), row.payload(), headers);
	}

	/**
	 * A span whose parent is the trace of the request that wrote the row: sent with it in scope, the Kafka producer
	 * observation (and the consumers after it) continue that trace, though the relay runs later on its own thread.
	 */
	Span startSpan(OutboxRow row) {
		Span.Builder builder = (row.traceparent() != null)
				? this.propagator.extract(row,
						(carrier, key) -> OutboxPublisher.TRACEPARENT.equals(key) ? carrier.traceparent() : null)
				: this.tracer.spanBuilder().setNoParent();
		return builder.name("outbox publish")
			.tag("messaging.destination.name", this.topic)
			.tag("outbox.event.type", row.eventType())
			.start();
	}

	private static void header(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
