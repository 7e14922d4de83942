package com.example.platform.order.outbox;

import java.time.Instant;
import java.util.UUID;

/** One stored event, as the relay reads it. */
record OutboxRow(UUID id, long sequence, String aggregateId, String eventType, byte[] payload,
		String traceparent, Instant createdAt) {
}
