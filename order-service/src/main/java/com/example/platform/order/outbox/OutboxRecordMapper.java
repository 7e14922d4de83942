package com.example.platform.order.outbox;

import java.net.URI;
import java.time.ZoneOffset;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What an outbox row becomes on Kafka, and the trace it is sent in.
 * <p>
 * The envelope is a CloudEvent written by the SDK's Kafka binding in binary mode ({@code ce_*} headers and
 * {@code content-type}), what the consumers and {@code contracts/examples} expect ({@code GoldenEventsIT} checks it):
 * key = aggregate id (order per aggregate), {@code ce_id} = the row id (the consumers' deduplication key).
 */
class OutboxRecordMapper {

	static final URI SOURCE = URI.create("/order-service");

	static final String CONTENT_TYPE = "application/protobuf";

	private final String topic;

	private final Tracer tracer;

	private final Propagator propagator;

	OutboxRecordMapper(String topic, Tracer tracer, Propagator propagator) {
		this.topic = topic;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	ProducerRecord<String, byte[]> toRecord(OutboxRow row) {
		CloudEvent event = CloudEventBuilder.v1()
			.withId(row.id().toString())
			.withType(row.eventType())
			.withSource(SOURCE)
			.withTime(row.createdAt().atOffset(ZoneOffset.UTC))
			.withSubject(row.aggregateId())
			.withDataContentType(CONTENT_TYPE)
			.withData(row.payload())
			.build();
		return KafkaMessageFactory.createWriter(this.topic, row.aggregateId()).writeBinary(event);
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

}
