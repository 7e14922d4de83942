package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.example.platform.contracts.order.events.v1.OrderPlaced;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTests {

	@Test
	void totalIsTheSumOfTheLinesWithTwoDecimals() {
		List<OrderLine> lines = List.of(new OrderLine("A", 3, new BigDecimal("0.1")),
				new OrderLine("B", 1, new BigDecimal("10")));

		assertThat(Order.totalOf(lines)).isEqualTo(new BigDecimal("10.30"));
	}

	@Test
	void placedEventCarriesMoneyAsDecimalStrings() {
		Order order = Order.confirmed(UUID.randomUUID(), "alice", UUID.randomUUID(),
				List.of(new OrderLine("A", 2, new BigDecimal("5"))), Instant.parse("2026-11-22T10:15:30.123456Z"));

		OrderPlaced event = OrderEventMapper.placed(order);

		assertThat(event.getOwner()).isEqualTo("alice");
		assertThat(event.getTotal()).isEqualTo("10.00");
		assertThat(event.getLines(0).getUnitPrice()).isEqualTo("5.00");
		assertThat(event.getPlacedAt().getSeconds()).isEqualTo(order.createdAt().getEpochSecond());
		assertThat(event.getPlacedAt().getNanos()).isEqualTo(123456000);
	}

	@Test
	void everyEventCarriesTheOwnerAndAnOrderWithoutOneLeavesItUnset() {
		Order owned = Order.rejected(UUID.randomUUID(), "bob", UUID.randomUUID(),
				List.of(new OrderLine("A", 1, new BigDecimal("5"))), "no credit", Instant.now());
		Order legacy = new Order(UUID.randomUUID(), UUID.randomUUID(), OrderStatus.CANCELLED, new BigDecimal("5.00"),
				null, List.of(new OrderLine("A", 1, new BigDecimal("5"))), Instant.now(), null);

		assertThat(OrderEventMapper.rejected(owned).getOwner()).isEqualTo("bob");
		assertThat(OrderEventMapper.cancelled(owned, Instant.now()).getOwner()).isEqualTo("bob");
		assertThat(OrderEventMapper.cancelled(legacy, Instant.now()).hasOwner()).isFalse();
		assertThat(owned.isOwnedBy("bob")).isTrue();
		assertThat(owned.isOwnedBy("alice")).isFalse();
		assertThat(legacy.isOwnedBy(null)).isFalse();
	}

}
