package com.example.platform.notification.orderevents;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.example.platform.notification.NotificationType;
import com.example.platform.notification.OrderEvent;

/** Contract (protobuf order events) to domain, at the edge. */
final class OrderEventMapper {

	static final String ORDER_PLACED = OrderPlaced.getDescriptor().getFullName();

	static final String ORDER_REJECTED = OrderRejected.getDescriptor().getFullName();

	static final String ORDER_CANCELLED = OrderCancelled.getDescriptor().getFullName();

	private OrderEventMapper() {
	}

	/**
	 * Parses the payload according to its CloudEvents type.
	 * @return empty for a type this service does not know (forward compatibility)
	 * @throws InvalidProtocolBufferException when the payload is not the announced message
	 * @throws IllegalArgumentException when a required field is missing or malformed
	 */
	static Optional<OrderEvent> toOrderEvent(String ceType, String ceId, byte[] payload)
			throws InvalidProtocolBufferException {
		if (ORDER_PLACED.equals(ceType)) {
			OrderPlaced placed = OrderPlaced.parseFrom(payload);
			return Optional.of(event(ceId, NotificationType.ORDER_PLACED, placed.getOrderId(), placed.getCustomerId(),
					placed.getTotal(), null, placed.hasOwner() ? placed.getOwner() : null));
		}
		if (ORDER_REJECTED.equals(ceType)) {
			OrderRejected rejected = OrderRejected.parseFrom(payload);
			return Optional.of(event(ceId, NotificationType.ORDER_REJECTED, rejected.getOrderId(),
					rejected.getCustomerId(), rejected.getTotal(), rejected.getReason(),
					rejected.hasOwner() ? rejected.getOwner() : null));
		}
		if (ORDER_CANCELLED.equals(ceType)) {
			OrderCancelled cancelled = OrderCancelled.parseFrom(payload);
			return Optional.of(event(ceId, NotificationType.ORDER_CANCELLED, cancelled.getOrderId(),
					cancelled.getCustomerId(), cancelled.getTotal(), null,
					cancelled.hasOwner() ? cancelled.getOwner() : null));
		}
		return Optional.empty();
	}

	// An event without owner (published before ownership existed) is still notified, but nobody reads it by API
	private static OrderEvent event(String ceId, NotificationType type, String orderId, String customerId,
			String total, String reason, String owner) {
		if (ceId == null || ceId.isBlank()) {
			throw new IllegalArgumentException("Order event without ce_id cannot be deduplicated");
		}
		return new OrderEvent(ceId, type, uuid("order_id", orderId), uuid("customer_id", customerId),
				money("total", total), (reason == null || reason.isBlank()) ? null : reason,
				(owner == null || owner.isBlank()) ? null : owner);
	}

	private static UUID uuid(String field, String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Order event has no valid " + field + ": '" + value + "'", ex);
		}
	}

	private static BigDecimal money(String field, String value) {
		try {
			// Money is a decimal string on the wire, scale 2 in this service
			return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Order event has no valid " + field + ": '" + value + "'", ex);
		}
	}

}
