package com.example.platform.customer.orderstats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;

/** Contract (protobuf order events) to this package's event, at the edge. */
final class OrderEventMapper {

	static final String ORDER_PLACED = OrderPlaced.getDescriptor().getFullName();

	static final String ORDER_REJECTED = OrderRejected.getDescriptor().getFullName();

	static final String ORDER_CANCELLED = OrderCancelled.getDescriptor().getFullName();

	private OrderEventMapper() {
	}

	/**
	 * @return empty for a type the statistics do not know (forward compatibility)
	 * @throws InvalidProtocolBufferException when the payload is not the announced message
	 * @throws IllegalArgumentException when a required field is missing or malformed
	 */
	static Optional<OrderStatisticsEvent> toEvent(String ceType, String ceId, byte[] payload)
			throws InvalidProtocolBufferException {
		if (ORDER_PLACED.equals(ceType)) {
			OrderPlaced placed = OrderPlaced.parseFrom(payload);
			return Optional.of(event(ceId, OrderEventKind.PLACED, placed.getOrderId(), placed.getCustomerId(),
					placed.getTotal()));
		}
		if (ORDER_REJECTED.equals(ceType)) {
			OrderRejected rejected = OrderRejected.parseFrom(payload);
			return Optional.of(event(ceId, OrderEventKind.REJECTED, rejected.getOrderId(), rejected.getCustomerId(),
					rejected.getTotal()));
		}
		if (ORDER_CANCELLED.equals(ceType)) {
			OrderCancelled cancelled = OrderCancelled.parseFrom(payload);
			return Optional.of(event(ceId, OrderEventKind.CANCELLED, cancelled.getOrderId(),
					cancelled.getCustomerId(), cancelled.getTotal()));
		}
		return Optional.empty();
	}

	private static OrderStatisticsEvent event(String ceId, OrderEventKind kind, String orderId, String customerId,
			String total) {
		if (ceId == null || ceId.isBlank()) {
			throw new IllegalArgumentException("Order event without ce_id cannot be deduplicated");
		}
		return new OrderStatisticsEvent(ceId, kind, uuid("order_id", orderId), uuid("customer_id", customerId),
				money(total));
	}

	private static UUID uuid(String field, String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Order event has no valid " + field + ": '" + value + "'", ex);
		}
	}

	private static BigDecimal money(String value) {
		try {
			return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Order event has no valid total: '" + value + "'", ex);
		}
	}

}
