package com.example.platform.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * A message sent to a customer about one order event. Also the REST representation. Whose it is (the owner) is not
 * part of it: only the owner ever reads it.
 *
 * @param eventId the CloudEvents id (ce_id) of the event that caused it: at most one notification per event
 */
public record Notification(UUID id, String eventId, UUID orderId, UUID customerId, NotificationType type,
		String recipient, String message, Instant createdAt) {
}
