package com.example.platform.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class NotificationRepository {

	private static final String COLUMNS = "id, event_id, order_id, customer_id, type, recipient, message, created_at";

	private final JdbcClient jdbc;

	NotificationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean existsByEventId(String eventId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM notification WHERE event_id = :eventId)")
			.param("eventId", eventId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Stores the notification unless one exists for its event. The unique event_id is the processed-event record, so
	 * the effect and the deduplication commit in one statement.
	 * @return whether a row was inserted
	 */
	boolean insertIfAbsent(UUID id, OrderEvent event, String recipient) {
		int rows = this.jdbc.sql("""
				INSERT INTO notification (id, event_id, order_id, customer_id, type, recipient, message, owner)
				VALUES (:id, :eventId, :orderId, :customerId, :type, :recipient, :message, :owner)
				ON CONFLICT (event_id) DO NOTHING
				""")
			.param("id", id)
			.param("eventId", event.eventId())
			.param("orderId", event.orderId())
			.param("customerId", event.customerId())
			.param("type", event.type().name())
			.param("recipient", recipient)
			.param("message", event.message())
			.param("owner", event.owner())
			.update();
		return rows == 1;
	}

	/** The owner's notifications matching every given (non-null) filter, oldest first. */
	List<Notification> find(String owner, UUID orderId, UUID customerId) {
		List<String> conditions = new ArrayList<>();
		conditions.add("owner = :owner");
		if (orderId != null) {
			conditions.add("order_id = :orderId");
		}
		if (customerId != null) {
			conditions.add("customer_id = :customerId");
		}
		String where = " WHERE " + String.join(" AND ", conditions);
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM notification" + where + " ORDER BY created_at, id")
			.param("owner", owner);
		if (orderId != null) {
			statement = statement.param("orderId", orderId);
		}
		if (customerId != null) {
			statement = statement.param("customerId", customerId);
		}
		return statement.query(NotificationRepository::map).list();
	}

	private static Notification map(ResultSet rs, int row) throws SQLException {
		return new Notification(rs.getObject("id", UUID.class), rs.getString("event_id"),
				rs.getObject("order_id", UUID.class), rs.getObject("customer_id", UUID.class),
				NotificationType.valueOf(rs.getString("type")), rs.getString("recipient"), rs.getString("message"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
