package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order and its lines. {@code reason} is set only for a rejected order; {@code owner} is the token subject of
 * the principal that placed it (null only for orders from before ownership existed: nobody's).
 */
record Order(UUID id, UUID customerId, OrderStatus status, BigDecimal total, String reason, List<OrderLine> lines,
		Instant createdAt, String owner) {

	Order {
		lines = List.copyOf(lines);
	}

	static BigDecimal totalOf(List<OrderLine> lines) {
		return lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
	}

	static Order confirmed(UUID id, String owner, UUID customerId, List<OrderLine> lines, Instant createdAt) {
		return new Order(id, customerId, OrderStatus.CONFIRMED, totalOf(lines), null, lines, createdAt, owner);
	}

	static Order rejected(UUID id, String owner, UUID customerId, List<OrderLine> lines, String reason,
			Instant createdAt) {
		return new Order(id, customerId, OrderStatus.REJECTED, totalOf(lines), reason, lines, createdAt, owner);
	}

	boolean isOwnedBy(String principal) {
		return this.owner != null && this.owner.equals(principal);
	}

}
