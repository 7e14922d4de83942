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

import com.example.platform.order.customer.CreditReservation;
import com.example.platform.order.customer.CustomerCreditClient;
import com.example.platform.order.outbox.OutboxPublisher;
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

	OrderService(OrderRepository orders, CustomerCreditClient credit, OutboxPublisher events,
			PlatformTransactionManager transactionManager, IdempotencyKeyRepository idempotencyKeys) {
		this.idempotencyKeys = idempotencyKeys;
		this.orders = orders;
		this.credit = credit;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Places an order of {@code owner} without an idempotency key: a new order id every time.
	 */
	Order place(String owner, UUID customerId, List<OrderLine> lines) {
		return placeAs(UUID.randomUUID(), owner, customerId, lines);
	}

	/**
	 * Places an order at most once per idempotency key. The key is claimed with the order id BEFORE
	 * customer-service is called, so a retry or a racing duplicate uses the same order id: the credit
	 * reservation (idempotent per order id) happens once, and the unique order id lets only one
	 * insert win; the loser answers with the winner's order. The same key with another request is
	 * refused with 422. Keys are per owner: another principal's key never replays this one's order.
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
			return new Placement(placeAs(claim.orderId(), owner, customerId, lines), !claim.first());
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
	 * A failed credit call stores nothing (the exception propagates): there is no PENDING order.
	 */
	private Order placeAs(UUID orderId, String owner, UUID customerId, List<OrderLine> lines) {
		CreditReservation reservation = this.credit.reserve(customerId, orderId, Order.totalOf(lines));
		Instant now = now();
		Order order = switch (reservation) {
			case CreditReservation.Reserved reserved -> Order.confirmed(orderId, owner, customerId, lines, now);
			case CreditReservation.Refused refused -> Order.rejected(orderId, owner, customerId, lines,
					refused.reason().isBlank() ? DEFAULT_REFUSAL : refused.reason(), now);
			case CreditReservation.UnknownCustomer unknown -> throw OrderExceptions.unknownCustomer(customerId);
		};
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.orders.insert(order);
				this.events.publish(order.id().toString(),
						(order.status() == OrderStatus.CONFIRMED) ? OrderEventMapper.placed(order)
								: OrderEventMapper.rejected(order),
						order.createdAt());
			});
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
