package com.example.platform.order.outbox;

import java.util.UUID;

/** Application event: an outbox row was written; delivered after the commit to wake the relay. */
record OutboxEventStored(UUID eventId) {
}
