package com.example.platform.notification;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * An order event as this service understands it, independent of the wire format.
 *
 * @param eventId the CloudEvents id (ce_id), the deduplication key
 * @param reason why the order was rejected; {@code null} for other types
 * @param owner the principal (token subject) that placed the order, the only one who reads its notifications;
 * {@code null} for events from before ownership existed
 */
public record OrderEvent(String eventId, NotificationType type, UUID orderId, UUID customerId, BigDecimal total,
		String reason, String owner) {

	public OrderEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(customerId, "customerId");
		Objects.requireNonNull(total, "total");
	}

	/** The text the customer reads. */
	public String message() {
		String order = "Your order " + this.orderId + " for " + this.total.toPlainString();
		return switch (this.type) {
			case ORDER_PLACED -> order + " is confirmed.";
			case ORDER_REJECTED -> (this.reason == null || this.reason.isBlank()) ? order + " was rejected."
					: order + " was rejected: " + this.reason;
			case ORDER_CANCELLED -> order + " was cancelled.";
		};
	}

}
