package com.example.platform.customer.orderstats;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrderStatisticsRepository {

	private final JdbcClient jdbc;

	OrderStatisticsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records the event as processed; false when it was already (the caller then changes nothing). */
	boolean markProcessed(OrderStatisticsEvent event) {
		return this.jdbc.sql("""
				insert into processed_order_event (event_id, event_type) values (:eventId, :type)
				on conflict (event_id) do nothing""")
			.param("eventId", event.eventId())
			.param("type", event.kind().name())
			.update() == 1;
	}

	void apply(OrderStatisticsEvent event) {
		int placed = (event.kind() == OrderEventKind.PLACED) ? 1 : 0;
		int rejected = (event.kind() == OrderEventKind.REJECTED) ? 1 : 0;
		int cancelled = (event.kind() == OrderEventKind.CANCELLED) ? 1 : 0;
		this.jdbc.sql("""
				insert into order_statistics (customer_id, orders_placed, orders_rejected, orders_cancelled,
				    placed_total, cancelled_total)
				values (:customerId, :placed, :rejected, :cancelled, :placedTotal, :cancelledTotal)
				on conflict (customer_id) do update set
				    orders_placed = order_statistics.orders_placed + excluded.orders_placed,
				    orders_rejected = order_statistics.orders_rejected + excluded.orders_rejected,
				    orders_cancelled = order_statistics.orders_cancelled + excluded.orders_cancelled,
				    placed_total = order_statistics.placed_total + excluded.placed_total,
				    cancelled_total = order_statistics.cancelled_total + excluded.cancelled_total,
				    updated_at = now()""")
			.param("customerId", event.customerId())
			.param("placed", placed)
			.param("rejected", rejected)
			.param("cancelled", cancelled)
			.param("placedTotal", (placed == 1) ? event.total() : java.math.BigDecimal.ZERO)
			.param("cancelledTotal", (cancelled == 1) ? event.total() : java.math.BigDecimal.ZERO)
			.update();
	}

	Optional<OrderStatistics> find(UUID customerId) {
		return this.jdbc.sql("""
				select customer_id, orders_placed, orders_rejected, orders_cancelled, placed_total, cancelled_total
				from order_statistics where customer_id = :customerId""")
			.param("customerId", customerId)
			.query((rs, rowNum) -> new OrderStatistics(rs.getObject("customer_id", UUID.class),
					rs.getLong("orders_placed"), rs.getLong("orders_rejected"), rs.getLong("orders_cancelled"),
					rs.getBigDecimal("placed_total"), rs.getBigDecimal("cancelled_total"),
					rs.getBigDecimal("placed_total").subtract(rs.getBigDecimal("cancelled_total"))))
			.optional();
	}

	boolean customerExists(UUID customerId) {
		return this.jdbc.sql("select exists (select 1 from customers where id = :id)")
			.param("id", customerId)
			.query(Boolean.class)
			.single();
	}

}
