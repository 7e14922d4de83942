package com.example.platform.order.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code outbox_event}. Claim times are the database's clock. */
@Repository
class OutboxRepository {

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
	 * Claims up to {@code limit} of the oldest pending rows for {@code owner}, in ONE statement: its row locks end
	 * with it, nothing stays locked while the caller sends. Until the row is marked or released, or the claim lapses
	 * after {@code lease} (the owner crashed), other relays leave it alone.
	 * <p>
	 * A row is claimed only if every earlier pending row of its key is claimed with it: rows another relay holds
	 * (claimed, or being claimed right now: locked, so skipped) keep the later rows of their key out of this claim.
	 * So two relays never hold events of one key at the same time, and a key's events go out in order whichever
	 * relay sends them.
	 * @return the claimed rows, in publication order
	 */
	List<OutboxRow> claimPending(int limit, UUID owner, Duration lease) {
		List<OutboxRow> claimed = this.jdbc.sql("""
				with candidate as materialized (
				    select id, sequence, aggregate_id from outbox_event
				    where published_at is null and (claimed_until is null or claimed_until < now())
				    order by sequence
				    limit :limit
				    for update skip locked),
				claimable as (
				    select c.id from candidate c
				    where not exists (
				        select 1 from outbox_event earlier
				        where earlier.aggregate_id = c.aggregate_id and earlier.published_at is null
				          and earlier.sequence < c.sequence and earlier.id not in (select id from candidate)))
				update outbox_event e
				set claimed_by = :owner, claimed_until = now() + :leaseMs * interval '1 millisecond'
				from claimable
				where e.id = claimable.id
				returning e.id, e.sequence, e.aggregate_id, e.event_type, e.payload, e.traceparent, e.created_at""")
			.param("limit", limit)
			.param("owner", owner)
			.param("leaseMs", (double) lease.toMillis())
			.query(OutboxRepository::row)
			.list();
		return claimed.stream().sorted(Comparator.comparingLong(OutboxRow::sequence)).toList();
	}

	/** Kafka acknowledged it: published, whoever holds the claim now (a lapsed claim only means a resend). */
	void markPublished(OutboxRow row) {
		this.jdbc.sql("""
				update outbox_event set published_at = now(), claimed_by = null, claimed_until = null
				where id = :id""")
			.param("id", row.id())
			.update();
	}

	/**
	 * Rows the owner claimed but did not get acknowledged: claimable again at once. A row another relay holds now
	 * (the owner's claim lapsed) stays with that relay.
	 */
	void releaseClaims(List<OutboxRow> rows, UUID owner) {
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update outbox_event set claimed_by = null, claimed_until = null
				where id in (:ids) and claimed_by = :owner and published_at is null""")
			.param("ids", rows.stream().map(OutboxRow::id).toList())
			.param("owner", owner)
			.update();
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
