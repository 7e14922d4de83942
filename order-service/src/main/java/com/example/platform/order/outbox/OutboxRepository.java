package com.example.platform.order.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OutboxRepository {

	// Any constant: it names "the relay" for PostgreSQL advisory locks
	private static final long RELAY_LOCK_KEY = 0x6F7574626F78L;

	private final JdbcClient jdbc;

	OutboxRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(OutboxRow row) {
		this.jdbc.sql("""
				insert into outbox_event (id, aggregate_id, event_type, payload, traceparent, created_at)
				values (:id, :aggregateId, :eventType, :payload, :traceparent, :createdAt)""")
			.param("id", row.id())
			.param("aggregateId", row.aggregateId())
			.param("eventType", row.eventType())
			.param("payload", row.payload())
			.param("traceparent", row.traceparent())
			.param("createdAt", utc(row.createdAt()))
			.update();
	}

	/**
	 * Only one relay (across all instances of the service) works at a time, so the global
	 * order by sequence is kept; released at the end of the transaction.
	 */
	boolean tryLockRelay() {
		return this.jdbc.sql("select pg_try_advisory_xact_lock(:key)")
			.param("key", RELAY_LOCK_KEY)
			.query(Boolean.class)
			.single();
	}

	List<OutboxRow> lockPending(int limit) {
		return this.jdbc.sql("""
				select id, sequence, aggregate_id, event_type, payload, traceparent, created_at
				from outbox_event
				where published_at is null
				order by sequence
				for update skip locked
				limit :limit""").param("limit", limit).query(OutboxRepository::row).list();
	}

	void markPublished(OutboxRow row) {
		this.jdbc.sql("update outbox_event set published_at = now() where id = :id").param("id", row.id()).update();
	}

	long countPending() {
		return this.jdbc.sql("select count(*) from outbox_event where published_at is null")
			.query(Long.class)
			.single();
	}

	/** How many events wait, and since when the oldest waits (null when none does). */
	Backlog backlog() {
		return this.jdbc.sql("select count(*) as pending, min(created_at) as oldest from outbox_event where published_at is null")
			.query((rs, rowNum) -> {
				OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
				return new Backlog(rs.getLong("pending"), (oldest != null) ? oldest.toInstant() : null);
			})
			.single();
	}

	record Backlog(long pending, Instant oldest) {
	}

	int deletePublishedBefore(Instant before) {
		return this.jdbc.sql("delete from outbox_event where published_at < :before")
			.param("before", utc(before))
			.update();
	}

	private static OutboxRow row(ResultSet rs, int rowNum) throws SQLException {
		return new OutboxRow(rs.getObject("id", UUID.class), rs.getLong("sequence"),
				rs.getString("aggregate_id"), rs.getString("event_type"), rs.getBytes("payload"),
				rs.getString("traceparent"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
