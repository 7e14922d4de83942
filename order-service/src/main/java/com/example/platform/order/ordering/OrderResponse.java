package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

record OrderResponse(UUID id, UUID customerId, OrderStatus status, BigDecimal total, String reason,
		List<Item> items, Instant createdAt) {

	record Item(String sku, int quantity, BigDecimal unitPrice) {
	}

	static OrderResponse of(Order order) {
		return new OrderResponse(order.id(), order.customerId(), order.status(), order.total(), order.reason(),
				order.lines().stream().map((line) -> new Item(line.sku(), line.quantity(), line.unitPrice())).toList(),
				order.createdAt());
	}

}
