package com.example.platform.order.ordering;

import java.time.Instant;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.google.protobuf.Timestamp;

/**
 * Domain order -> the event messages of contracts/ (platform.order.events.v1). Every event carries the order's owner, so
 * consumers that serve data per principal (notification-service) know whose it is.
 */
final class OrderEventMapper {

	private OrderEventMapper() {
	}

	static OrderPlaced placed(Order order) {
		OrderPlaced.Builder event = OrderPlaced.newBuilder()
			.setOrderId(order.id().toString())
			.setCustomerId(order.customerId().toString())
			.setTotal(order.total().toPlainString())
			.setPlacedAt(timestamp(order.createdAt()));
		if (order.owner() != null) {
			event.setOwner(order.owner());
		}
		for (OrderLine line : order.lines()) {
			event.addLinesBuilder()
				.setSku(line.sku())
				.setQuantity(line.quantity())
				.setUnitPrice(line.unitPrice().toPlainString());
		}
		return event.build();
	}

	static OrderRejected rejected(Order order) {
		OrderRejected.Builder event = OrderRejected.newBuilder()
			.setOrderId(order.id().toString())
			.setCustomerId(order.customerId().toString())
			.setTotal(order.total().toPlainString())
			.setReason(order.reason())
			.setRejectedAt(timestamp(order.createdAt()));
		if (order.owner() != null) {
			event.setOwner(order.owner());
		}
		return event.build();
	}

	static OrderCancelled cancelled(Order order, Instant cancelledAt) {
		OrderCancelled.Builder event = OrderCancelled.newBuilder()
			.setOrderId(order.id().toString())
			.setCustomerId(order.customerId().toString())
			.setTotal(order.total().toPlainString())
			.setCancelledAt(timestamp(cancelledAt));
		if (order.owner() != null) {
			event.setOwner(order.owner());
		}
		return event.build();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
