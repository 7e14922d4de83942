package com.example.platform.order.creditrelease;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code pending_credit_release}. Times are the database's clock. */
@Repository
class CreditReleaseRepository {

	// 2^30 times any initial backoff exceeds any sensible cap: the exponent stops growing there (no overflow)
	private static final int MAX_EXPONENT = 30;

	private final JdbcClient jdbc;

	CreditReleaseRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Due at once; an order already pending stays as it is. */
	void insert(UUID orderId, UUID customerId) {
		this.jdbc.sql("""
				insert into pending_credit_release (order_id, customer_id, attempts, next_attempt_at, created_at)
				values (:orderId, :customerId, 0, now(), now())
				on conflict (order_id) do nothing""")
			.param("orderId", orderId)
			.param("customerId", customerId)
			.update();
	}

	/**
	 * Claims up to {@code limit} due rows, in ONE statement (its row locks end with it: nothing is held while the
	 * caller then waits on the network): each gets one more attempt and its next attempt time pushed forward by the
	 * backoff, as if the attempt were going to fail. A success deletes the row; a crash mid-attempt leaves it to be
	 * retried after the backoff. Rows another instance is claiming at the same moment are skipped.
	 */
	List<PendingCreditRelease> claimDue(int limit, Duration initialBackoff, Duration maxBackoff) {
		return this.jdbc.sql("""
				update pending_credit_release p
				set attempts = p.attempts + 1,
				    next_attempt_at = now() + least(:maxMs, :initialMs * power(2, least(p.attempts, :maxExponent)))
				                              * interval '1 millisecond'
				where p.order_id in (
				    select order_id from pending_credit_release
				    where next_attempt_at <= now()
				    order by next_attempt_at
				    limit :limit
				    for update skip locked)
				returning p.order_id, p.customer_id, p.attempts, p.created_at""")
			.param("limit", limit)
			.param("initialMs", (double) initialBackoff.toMillis())
			.param("maxMs", (double) maxBackoff.toMillis())
			.param("maxExponent", MAX_EXPONENT)
			.query((rs, row) -> new PendingCreditRelease(rs.getObject("order_id", UUID.class),
					rs.getObject("customer_id", UUID.class), rs.getInt("attempts"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	/** customer-service answered: nothing is owed any more. */
	void delete(UUID orderId) {
		this.jdbc.sql("delete from pending_credit_release where order_id = :orderId").param("orderId", orderId).update();
	}

	/** Why the last attempt failed (the row is already rescheduled by {@link #claimDue}). */
	void recordFailure(UUID orderId, String error) {
		this.jdbc.sql("update pending_credit_release set last_error = :error where order_id = :orderId")
			.param("orderId", orderId)
			.param("error", error)
			.update();
	}

	long countPending() {
		return this.jdbc.sql("select count(*) from pending_credit_release").query(Long.class).single();
	}

}
