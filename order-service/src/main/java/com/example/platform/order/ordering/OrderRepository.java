package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

	private static final String SELECT_WITH_LINES = """
			select o.id, o.customer_id, o.status, o.total, o.reason, o.created_at, o.owner,
			       l.sku, l.quantity, l.unit_price
			from orders o join order_line l on l.order_id = o.id
			""";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Order order) {
		this.jdbc.sql("""
				insert into orders (id, customer_id, status, total, reason, created_at, updated_at, owner)
				values (:id, :customerId, :status, :total, :reason, :createdAt, :createdAt, :owner)""")
			.param("id", order.id())
			.param("owner", order.owner())
			.param("customerId", order.customerId())
			.param("status", order.status().name())
			.param("total", order.total())
			.param("reason", order.reason())
			.param("createdAt", utc(order.createdAt()))
			.update();
		int lineNo = 0;
		for (OrderLine line : order.lines()) {
			this.jdbc.sql("""
					insert into order_line (order_id, line_no, sku, quantity, unit_price)
					values (:orderId, :lineNo, :sku, :quantity, :unitPrice)""")
				.param("orderId", order.id())
				.param("lineNo", ++lineNo)
				.param("sku", line.sku())
				.param("quantity", line.quantity())
				.param("unitPrice", line.unitPrice())
				.update();
		}
	}

	boolean exists(UUID id) {
		return this.jdbc.sql("select count(*) from orders where id = :id").param("id", id).query(Long.class).single() > 0;
	}

	Optional<Order> findById(UUID id) {
		return collect(this.jdbc.sql(SELECT_WITH_LINES + " where o.id = :id order by l.line_no").param("id", id))
			.stream()
			.findFirst();
	}

	/** The owner's orders for this customer, oldest first. */
	List<Order> findByOwnerAndCustomer(String owner, UUID customerId) {
		return collect(this.jdbc.sql(SELECT_WITH_LINES
				+ " where o.owner = :owner and o.customer_id = :customerId order by o.created_at, o.id, l.line_no")
			.param("owner", owner)
			.param("customerId", customerId));
	}

	/** The owner's orders, oldest first. */
	List<Order> findByOwner(String owner) {
		return collect(this.jdbc.sql(SELECT_WITH_LINES + " where o.owner = :owner order by o.created_at, o.id, l.line_no")
			.param("owner", owner));
	}

	/**
	 * Moves a confirmed order to CANCELLED.
	 * @return false when the order was not CONFIRMED any more (e.g. a concurrent cancel won)
	 */
	boolean cancel(UUID id, Instant at) {
		return this.jdbc.sql("""
				update orders set status = 'CANCELLED', updated_at = :at
				where id = :id and status = 'CONFIRMED'""").param("id", id).param("at", utc(at)).update() == 1;
	}

	// One row per line: fold them back into orders, keeping the query's order
	private static List<Order> collect(JdbcClient.StatementSpec statement) {
		Map<UUID, OrderRows> orders = new LinkedHashMap<>();
		statement.query((ResultSet rs) -> {
			UUID id = rs.getObject("id", UUID.class);
			OrderRows rows = orders.get(id);
			if (rows == null) {
				rows = new OrderRows(rs);
				orders.put(id, rows);
			}
			rows.lines.add(new OrderLine(rs.getString("sku"), rs.getInt("quantity"), rs.getBigDecimal("unit_price")));
		});
		return orders.values().stream().map(OrderRows::toOrder).toList();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static final class OrderRows {

		private final UUID id;

		private final UUID customerId;

		private final OrderStatus status;

		private final BigDecimal total;

		private final String reason;

		private final Instant createdAt;

		private final String owner;

		private final List<OrderLine> lines = new ArrayList<>();

		OrderRows(ResultSet rs) throws SQLException {
			this.id = rs.getObject("id", UUID.class);
			this.customerId = rs.getObject("customer_id", UUID.class);
			this.status = OrderStatus.valueOf(rs.getString("status"));
			this.total = rs.getBigDecimal("total");
			this.reason = rs.getString("reason");
			this.createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
			this.owner = rs.getString("owner");
		}

		Order toOrder() {
			return new Order(this.id, this.customerId, this.status, this.total, this.reason, this.lines,
					this.createdAt, this.owner);
		}

	}

}
