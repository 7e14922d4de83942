package com.example.platform.order.ordering;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys of order placement, per principal: (owner, key) -> (request fingerprint, order id). */
@Repository
class IdempotencyKeyRepository {

	private final JdbcClient jdbc;

	IdempotencyKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the owner's {@code key} for a new order id, or finds who claimed it first (the unique key decides a
	 * race). Keys of different owners never meet.
	 * @return the claim that holds, the caller's own or the earlier one
	 */
	Claim claim(String owner, String key, String fingerprint, UUID orderId, Instant now) {
		int inserted = this.jdbc.sql("""
				insert into order_idempotency_key (owner, idempotency_key, fingerprint, order_id, created_at)
				values (:owner, :key, :fingerprint, :orderId, :now)
				on conflict (owner, idempotency_key) do nothing""")
			.param("owner", owner)
			.param("key", key)
			.param("fingerprint", fingerprint)
			.param("orderId", orderId)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update();
		if (inserted == 1) {
			return new Claim(fingerprint, orderId, true);
		}
		return this.jdbc
			.sql("select fingerprint, order_id from order_idempotency_key where owner = :owner and idempotency_key = :key")
			.param("owner", owner)
			.param("key", key)
			.query((rs, row) -> new Claim(rs.getString("fingerprint").trim(), rs.getObject("order_id", UUID.class),
					false))
			.single();
	}

	/**
	 * Locks the owner's claim of {@code key} until the transaction ends, if it still names {@code orderId}. A request
	 * that stores the order and one that gives the order id up (compensation) both take this lock first, so one of
	 * them decides for the other.
	 * @return false when the key no longer names that order id (it was given up)
	 */
	boolean lockClaim(String owner, String key, UUID orderId) {
		return this.jdbc.sql("""
				select 1 from order_idempotency_key
				where owner = :owner and idempotency_key = :key and order_id = :orderId
				for update""")
			.param("owner", owner)
			.param("key", key)
			.param("orderId", orderId)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	/**
	 * Frees the owner's {@code key} if it still names {@code orderId}: that order id was given up (its credit is being
	 * released, and customer-service refuses any later reservation for it), so the key's next request claims it for
	 * a new order id, as if it came first.
	 */
	void forget(String owner, String key, UUID orderId) {
		this.jdbc.sql("""
				delete from order_idempotency_key
				where owner = :owner and idempotency_key = :key and order_id = :orderId""")
			.param("owner", owner)
			.param("key", key)
			.param("orderId", orderId)
			.update();
	}

	/** @param first whether this request made the claim (false: a retry or a duplicate) */
	record Claim(String fingerprint, UUID orderId, boolean first) {
	}

}
