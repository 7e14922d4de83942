package com.example.platform.customer.credit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.UUID;

import com.example.platform.customer.customers.CustomerNotFoundException;
import com.example.platform.customer.security.Caller;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves and releases credit per order. Each call is one transaction that first locks the customer row,
 * so concurrent calls for a customer never overdraw it, and the order id decides idempotency: the first
 * decision for an order is stored and every repeat returns it without changing the credit again.
 */
@Service
public class CreditService {

	private static final int MAX_ORDER_ID_LENGTH = 100;

	private static final int MAX_INTEGER_DIGITS = 17;

	private final CreditReservationRepository repository;

	CreditService(CreditReservationRepository repository) {
		this.repository = repository;
	}

	/**
	 * @param owner the caller: the customer must be its own, else {@link CustomerNotFoundException}
	 * @param beforeCommit runs just before a new decision commits; it throws to roll the decision back (for
	 * example because the caller has already given up and would never learn that credit is held)
	 */
	@Transactional
	public ReservationResult reserve(String owner, UUID customerId, String orderId, BigDecimal amount,
			Runnable beforeCommit) {
		requireOrderId(orderId);
		BigDecimal money = requireAmount(amount);
		BigDecimal available = lockCustomer(customerId, owner);
		Optional<CreditReservation> existing = this.repository.findByOrderId(orderId);
		if (existing.isPresent()) {
			return repeatedAnswer(existing.get(), customerId, available);
		}
		ReservationResult result;
		if (available.compareTo(money) >= 0) {
			BigDecimal after = available.subtract(money);
			this.repository.updateAvailableCredit(customerId, after);
			this.repository
				.insert(new CreditReservation(orderId, customerId, money, ReservationStatus.RESERVED, null));
			result = new ReservationResult(true, "", after);
		}
		else {
			String reason = "insufficient credit: available " + available.toPlainString() + ", requested "
					+ money.toPlainString();
			this.repository
				.insert(new CreditReservation(orderId, customerId, money, ReservationStatus.REFUSED, reason));
			result = new ReservationResult(false, reason, available);
		}
		beforeCommit.run();
		return result;
	}

	/**
	 * Gives back what is held for the order. Releasing twice, a refused order, or an order never reserved
	 * changes no credit. For an order never reserved a tombstone is stored, so that a reservation arriving
	 * later (a slow retry after the caller compensated) is refused instead of holding credit forever.
	 * @param caller the customer must be its own, unless it may release any credit ({@link Caller#releasesAnyCredit()}:
	 * order-service's compensation, when the user's token is gone); else {@link CustomerNotFoundException}
	 */
	@Transactional
	public ReleaseResult release(Caller caller, UUID customerId, String orderId) {
		requireOrderId(orderId);
		BigDecimal available = caller.releasesAnyCredit()
				? this.repository.lockAvailableCredit(customerId).orElseThrow(() -> new CustomerNotFoundException(customerId))
				: lockCustomer(customerId, caller.subject());
		Optional<CreditReservation> existing = this.repository.findByOrderId(orderId);
		if (existing.isEmpty()) {
			this.repository.insert(new CreditReservation(orderId, customerId, zero(), ReservationStatus.RELEASED,
					"released before any reservation"));
			return new ReleaseResult(false, available);
		}
		CreditReservation reservation = existing.get();
		requireSameCustomer(reservation, customerId);
		if (reservation.status() != ReservationStatus.RESERVED) {
			return new ReleaseResult(false, available);
		}
		BigDecimal after = available.add(reservation.amount());
		this.repository.updateAvailableCredit(customerId, after);
		this.repository.markReleased(orderId);
		return new ReleaseResult(true, after);
	}

	private ReservationResult repeatedAnswer(CreditReservation reservation, UUID customerId, BigDecimal available) {
		requireSameCustomer(reservation, customerId);
		return switch (reservation.status()) {
			case RESERVED -> new ReservationResult(true, "", available);
			case REFUSED -> new ReservationResult(false, reservation.reason(), available);
			// Nothing is held any more: saying "reserved" would make the caller believe otherwise.
			case RELEASED -> new ReservationResult(false,
					"credit for order " + reservation.orderId() + " was already released", available);
		};
	}

	private BigDecimal lockCustomer(UUID customerId, String owner) {
		return this.repository.lockAvailableCredit(customerId, owner)
			.orElseThrow(() -> new CustomerNotFoundException(customerId));
	}

	private static void requireSameCustomer(CreditReservation reservation, UUID customerId) {
		if (!reservation.customerId().equals(customerId)) {
			throw new OrderOwnershipException(reservation.orderId());
		}
	}

	private static void requireOrderId(String orderId) {
		if (orderId == null || orderId.isBlank() || orderId.length() > MAX_ORDER_ID_LENGTH) {
			throw new IllegalArgumentException(
					"order id must be non-blank and at most " + MAX_ORDER_ID_LENGTH + " characters");
		}
	}

	private static BigDecimal requireAmount(BigDecimal amount) {
		if (amount == null || amount.signum() <= 0) {
			throw new IllegalArgumentException("amount must be greater than 0");
		}
		if (amount.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException("amount must have at most 2 decimals");
		}
		BigDecimal money = amount.setScale(2, RoundingMode.UNNECESSARY);
		if (money.precision() - money.scale() > MAX_INTEGER_DIGITS) {
			throw new IllegalArgumentException("amount is too large");
		}
		return money;
	}

	private static BigDecimal zero() {
		return BigDecimal.ZERO.setScale(2);
	}

}
