package com.example.platform.order.outbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.Message;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes an event by writing it to the outbox, in the caller's transaction: the event
 * exists if and only if the business change commits. {@link OutboxRelay} sends it to Kafka.
 */
@Component
public class OutboxPublisher {

	static final String TRACEPARENT = "traceparent";

	private final OutboxRepository outbox;

	private final ApplicationEventPublisher applicationEvents;

	private final Tracer tracer;

	private final Propagator propagator;

	OutboxPublisher(OutboxRepository outbox, ApplicationEventPublisher applicationEvents,
			ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.outbox = outbox;
		this.applicationEvents = applicationEvents;
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
	}

	/**
	 * Stores the event for publication; must run inside a transaction.
	 * @param aggregateId becomes the Kafka record key (order per aggregate)
	 * @param event the protobuf message; its full name becomes {@code ce_type}
	 * @param occurredAt when the fact happened ({@code ce_time})
	 * @return the event id ({@code ce_id})
	 */
	public UUID publish(String aggregateId, Message event, Instant occurredAt) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("An outbox event must be written in the transaction of its change");
		}
		UUID id = UUID.randomUUID();
		this.outbox.insert(new OutboxRow(id, 0, aggregateId, event.getDescriptorForType().getFullName(),
				event.toByteArray(), currentTraceparent(), occurredAt));
		this.applicationEvents.publishEvent(new OutboxEventStored(id));
		return id;
	}

	// The relay runs later on another thread: keep the request's trace context with the row
	private String currentTraceparent() {
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(context, carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

}
