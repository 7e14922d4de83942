package com.example.platform.order.ordering;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.example.platform.order.creditrelease.CreditReleaseOutbox;
import com.example.platform.order.customer.CreditOutcomeUnknownException;
import com.example.platform.order.customer.CreditReservation;
import com.example.platform.order.customer.CustomerCreditClient;
import com.example.platform.order.outbox.OutboxPublisher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and cancels orders. The remote credit call happens outside any database
 * transaction (no connection held while waiting on the network); the order and its event
 * are then written in one transaction.
 * <p>
 * Object-level authorization (OWASP API1): an order belongs to the principal that placed it
 * ({@code owner}, the token subject). Another principal's order is reported exactly like an
 * unknown one (404). That the customer is the owner's own is proven by customer-service: the
 * credit call carries the caller's token, and a customer of someone else is NOT_FOUND there.
 * <p>
 * A reservation whose outcome is unknown (the call failed after it may have reached customer-service) is compensated,
 * as the contract requires: the release is recorded in this service's database in the request, and
 * {@code creditrelease.CreditReleaseRelay} delivers it right after, with this service's own token, retrying until
 * customer-service answers. The order id is never used again.
 */
@Service
class OrderService {

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private static final String DEFAULT_REFUSAL = "credit refused";

	private final OrderRepository orders;

	private final CustomerCreditClient credit;

	private final OutboxPublisher events;

	private final TransactionTemplate transaction;

	private final IdempotencyKeyRepository idempotencyKeys;

	private final CreditReleaseOutbox creditReleases;

	OrderService(OrderRepository orders, CustomerCreditClient credit, OutboxPublisher events,
			PlatformTransactionManager transactionManager, IdempotencyKeyRepository idempotencyKeys,
			CreditReleaseOutbox creditReleases) {
		this.idempotencyKeys = idempotencyKeys;
		this.creditReleases = creditReleases;
		this.orders = orders;
		this.credit = credit;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Places an order of {@code owner} without an idempotency key: a new order id every time.
	 */
	Order place(String owner, UUID customerId, List<OrderLine> lines) {
		return placeAs(UUID.randomUUID(), owner, customerId, lines, null);
	}

	/**
	 * Places an order at most once per idempotency key. The key is claimed with the order id BEFORE
	 * customer-service is called, so a retry or a racing duplicate uses the same order id: the credit
	 * reservation (idempotent per order id) happens once, and the unique order id lets only one
	 * insert win; the loser answers with the winner's order. The same key with another request is
	 * refused with 422. Keys are per owner: another principal's key never replays this one's order.
	 * <p>
	 * When the reservation's outcome is unknown, the order id is given up (compensated) and the key freed in the same
	 * transaction: the key's next request claims a new order id, as if it came first.
	 */
	Placement place(String owner, UUID customerId, List<OrderLine> lines, String idempotencyKey) {
		String fingerprint = fingerprint(customerId, lines);
		IdempotencyKeyRepository.Claim claim = this.idempotencyKeys.claim(owner, idempotencyKey, fingerprint,
				UUID.randomUUID(), now());
		if (!claim.fingerprint().equals(fingerprint)) {
			throw OrderExceptions.idempotencyKeyReused(idempotencyKey);
		}
		if (!claim.first()) {
			Optional<Order> placed = this.orders.findById(claim.orderId()).filter((order) -> order.isOwnedBy(owner));
			if (placed.isPresent()) {
				return new Placement(placed.get(), true);
			}
			// The first request failed or is still running: go on with the same order id
		}
		try {
			return new Placement(placeAs(claim.orderId(), owner, customerId, lines, idempotencyKey), !claim.first());
		}
		catch (DuplicateKeyException raced) {
			return new Placement(get(claim.orderId(), owner), !claim.first());
		}
	}

	/** An order, and whether it was placed by an earlier request with the same idempotency key. */
	record Placement(Order order, boolean replayed) {
	}

	/**
	 * Reserves credit for the order, then stores it CONFIRMED or REJECTED with its event.
	 * A failed credit call stores nothing (the exception propagates): there is no PENDING order. One that may have
	 * reserved is compensated first.
	 * @param idempotencyKey the key whose claim names {@code orderId}, or null
	 */
	private Order placeAs(UUID orderId, String owner, UUID customerId, List<OrderLine> lines,
			@Nullable String idempotencyKey) {
		CreditReservation reservation;
		try {
			reservation = this.credit.reserve(customerId, orderId, Order.totalOf(lines));
		}
		catch (CreditOutcomeUnknownException ex) {
			compensate(orderId, owner, customerId, idempotencyKey, ex);
			throw ex;
		}
		Instant now = now();
		Order order = switch (reservation) {
			case CreditReservation.Reserved reserved -> Order.confirmed(orderId, owner, customerId, lines, now);
			case CreditReservation.Refused refused -> Order.rejected(orderId, owner, customerId, lines,
					refused.reason().isBlank() ? DEFAULT_REFUSAL : refused.reason(), now);
			case CreditReservation.UnknownCustomer unknown -> throw OrderExceptions.unknownCustomer(customerId);
		};
		try {
			this.transaction.executeWithoutResult((status) -> {
				if (idempotencyKey != null && !this.idempotencyKeys.lockClaim(owner, idempotencyKey, orderId)) {
					throw new OrderIdGivenUp();
				}
				this.orders.insert(order);
				this.events.publish(order.id().toString(),
						(order.status() == OrderStatus.CONFIRMED) ? OrderEventMapper.placed(order)
								: OrderEventMapper.rejected(order),
						order.createdAt());
			});
		}
		catch (OrderIdGivenUp givenUp) {
			// A duplicate request with the same key gave this order id up while this one was waiting for its
			// reservation: that request's compensation releases whatever is held for the id, so nothing is stored
			throw OrderExceptions.idempotencyKeyGivenUp(idempotencyKey);
		}
		catch (DuplicateKeyException raced) {
			// A duplicate request with the same idempotency key stored this order id first: the
			// reservation (one per order id) is its order's, so it must not be released
			throw raced;
		}
		catch (RuntimeException ex) {
			if (order.status() == OrderStatus.CONFIRMED) {
				releaseAfterFailedStore(order, ex);
			}
			throw ex;
		}
		return order;
	}

	private static String fingerprint(UUID customerId, List<OrderLine> lines) {
		StringBuilder canonical = new StringBuilder(customerId.toString());
		for (OrderLine line : lines) {
			canonical.append('|').append(line.sku()).append(',').append(line.quantity()).append(',')
				.append(line.unitPrice().toPlainString());
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The owner's order; another principal's is not found, like an unknown one. */
	Order get(UUID id, String owner) {
		return this.orders.findById(id)
			.filter((order) -> order.isOwnedBy(owner))
			.orElseThrow(() -> OrderExceptions.orderNotFound(id.toString()));
	}

	/** The owner's orders, of one customer when {@code customerId} is not null; oldest first. */
	List<Order> find(String owner, UUID customerId) {
		return (customerId != null) ? this.orders.findByOwnerAndCustomer(owner, customerId)
				: this.orders.findByOwner(owner);
	}

	/**
	 * Releases the order's credit, then marks it CANCELLED with its event. Safe to repeat:
	 * the release is idempotent per order id and only the first cancel writes an event. Only the
	 * owner cancels its order.
	 */
	Order cancel(UUID id, String owner) {
		Order order = get(id, owner);
		switch (order.status()) {
			case CANCELLED -> {
				return order;
			}
			case REJECTED -> throw OrderExceptions.notCancellable(order);
			case CONFIRMED -> {
				// Release first: if it fails the order stays CONFIRMED and the client may retry
				this.credit.release(order.customerId(), order.id());
			}
		}
		Instant now = now();
		this.transaction.executeWithoutResult((status) -> {
			if (this.orders.cancel(order.id(), now)) {
				this.events.publish(order.id().toString(), OrderEventMapper.cancelled(order, now), now);
			}
		});
		return get(id, owner);
	}

	/**
	 * The reservation may have committed in customer-service after this request gave up on it. Records, in one
	 * transaction, the release this service now owes (delivered right after by the relay, and retried until
	 * customer-service answers) and, with an idempotency key, frees the key: the order id is burnt (customer-service
	 * refuses any later reservation for it), so the key's next request must get a new one. Unless a duplicate request
	 * with the same key has stored the order meanwhile: the reservation is then that order's, and is kept.
	 */
	private void compensate(UUID orderId, String owner, UUID customerId, @Nullable String idempotencyKey,
			CreditOutcomeUnknownException failure) {
		try {
			boolean owed = Boolean.TRUE.equals(this.transaction.execute((status) -> {
				if (idempotencyKey != null && this.idempotencyKeys.lockClaim(owner, idempotencyKey, orderId)) {
					if (this.orders.exists(orderId)) {
						return false;
					}
					this.idempotencyKeys.forget(owner, idempotencyKey, orderId);
				}
				this.creditReleases.add(orderId, customerId);
				return true;
			}));
			if (owed) {
				logger.warn("ReserveCredit for order {} (customer {}) failed with {} after it may have reached "
						+ "customer-service: the order is given up and its credit will be released", orderId, customerId,
						failure.getStatus().getCode());
			}
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
			logger.error("ReserveCredit for order {} failed with {} after it may have reached customer-service, and the "
					+ "compensation could not be recorded: customer {} may keep credit held for an order that does not "
					+ "exist", orderId, failure.getStatus().getCode(), customerId, ex);
		}
	}

	/** The idempotency key no longer names the order id this request was placing. */
	private static final class OrderIdGivenUp extends RuntimeException {

		OrderIdGivenUp() {
			super(null, null, false, false);
		}

	}

	// Best effort: without it the reservation of an order that does not exist would leak
	private void releaseAfterFailedStore(Order order, RuntimeException cause) {
		try {
			this.credit.release(order.customerId(), order.id());
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
			logger.error("Order {} could not be stored and its credit could not be released: "
					+ "customer {} has {} held for nothing", order.id(), order.customerId(), order.total(), ex);
		}
	}

	// PostgreSQL keeps microseconds: what we return equals what a later read gives
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
