package com.example.platform.customer.credit;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CreditReservationRepository {

	private final JdbcClient jdbc;

	CreditReservationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the customer row until the transaction ends, so that all credit decisions for one customer
	 * happen one after the other, and returns its available credit (empty when there is no such customer
	 * or it belongs to another principal: nobody reserves or releases another principal's credit).
	 */
	Optional<BigDecimal> lockAvailableCredit(UUID customerId, String owner) {
		return this.jdbc.sql("select available_credit from customers where id = :id and owner = :owner for update")
			.param("id", customerId)
			.param("owner", owner)
			.query(BigDecimal.class)
			.optional();
	}

	/** As {@link #lockAvailableCredit(UUID, String)}, whoever owns the customer. */
	Optional<BigDecimal> lockAvailableCredit(UUID customerId) {
		return this.jdbc.sql("select available_credit from customers where id = :id for update")
			.param("id", customerId)
			.query(BigDecimal.class)
			.optional();
	}

	void updateAvailableCredit(UUID customerId, BigDecimal availableCredit) {
		this.jdbc.sql("update customers set available_credit = :available where id = :id")
			.param("available", availableCredit)
			.param("id", customerId)
			.update();
	}

	Optional<CreditReservation> findByOrderId(String orderId) {
		return this.jdbc.sql("""
				select order_id, customer_id, amount, status, reason from credit_reservations where order_id = :orderId
				""")
			.param("orderId", orderId)
			.query(CreditReservation.class)
			.optional();
	}

	void insert(CreditReservation reservation) {
		this.jdbc.sql("""
				insert into credit_reservations (order_id, customer_id, amount, status, reason)
				values (:orderId, :customerId, :amount, :status, :reason)
				""")
			.param("orderId", reservation.orderId())
			.param("customerId", reservation.customerId())
			.param("amount", reservation.amount())
			.param("status", reservation.status().name())
			.param("reason", reservation.reason())
			.update();
	}

	void markReleased(String orderId) {
		this.jdbc.sql("""
				update credit_reservations set status = 'RELEASED', updated_at = now() where order_id = :orderId
				""")
			.param("orderId", orderId)
			.update();
	}

}
