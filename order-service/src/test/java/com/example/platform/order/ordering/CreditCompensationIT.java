package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.FakeCustomerService.Entry;
import com.example.platform.order.OrderServiceITSupport;
import com.example.platform.starter.resilience.DownstreamResilience;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compensation of a credit reservation whose outcome is unknown (customer_service.proto, ReserveCredit: the caller
 * that gives up releases the order's credit until answered, and never uses the order id again). The fake
 * customer-service keeps a ledger, and can commit a reservation AFTER the caller's deadline (the race customer-service's
 * check before its commit can lose), or commit and then go down before answering.
 */
class CreditCompensationIT extends OrderServiceITSupport {

	/** A budget that the LATE fake always outlives: the call's deadline passes while it waits. */
	private static final String TIGHT_BUDGET_MS = "400";

	@Autowired
	private JwtDecoder jwtDecoder;

	@Autowired
	private DownstreamResilience resilience;

	@Autowired
	private CustomerServiceBlockingStub stub;

	// Tests here stop customer-service: the next test (of any class) finds it up, the breaker closed and the channel
	// connected
	@AfterEach
	void customerServiceBackToNormal() {
		customerService.restart();
		this.resilience.downstream("customer-service").circuitBreaker().reset();
		ManagedChannel channel = (ManagedChannel) this.stub.getChannel();
		channel.resetConnectBackoff();
		await(() -> channel.getState(true) == ConnectivityState.READY, Duration.ofSeconds(15),
				"the channel to customer-service to be connected again");
	}

	@Test
	void aReservationCommittedAfterTheDeadlineIsReleasedWithTheServicesOwnToken() {
		UUID customerId = customerService.customer(Answer.LATE);

		Response response = post("/api/orders", orderJson(customerId, twoItems()), "X-Request-Budget-Ms",
				TIGHT_BUDGET_MS);

		assertThat(response.status()).as(response.raw()).isEqualTo(504);
		UUID orderId = UUID.fromString(customerService.reservationsFor(customerId).getFirst().getOrderId());
		await(() -> !customerService.releasesFor(orderId).isEmpty(), Duration.ofSeconds(15),
				"the compensating release of order " + orderId);
		assertThat(customerService.committedLate(orderId))
			.as("customer-service committed the reservation after the caller's deadline").isTrue();
		assertThat(customerService.ledgerEntry(orderId)).isEqualTo(Entry.RELEASED);
		assertThat(customerService.heldFor(customerId)).isEqualByComparingTo(BigDecimal.ZERO);
		Jwt token = this.jwtDecoder
			.decode(customerService.releaseAuthorizationsFor(orderId).getFirst().substring("Bearer ".length()));
		assertThat(token.getSubject()).as("the release's token is order-service's own").isEqualTo("order-service");
		assertThat(token.getClaimAsStringList("scope")).containsExactly("credit.release.all");
		await(() -> pendingReleases(orderId) == 0, Duration.ofSeconds(5), "the answered release to leave the table");
		assertThat(ordersOf(customerId)).isZero();
	}

	@Test
	void aReleaseOwedWhileCustomerServiceIsUnreachableIsDeliveredOnceItIsBack() {
		UUID customerId = customerService.customer(Answer.COMMIT_THEN_CRASH);
		UUID orderId;
		try {
			Response response = post("/api/orders", orderJson(customerId, twoItems()));

			assertThat(response.status()).as(response.raw()).isEqualTo(503);
			orderId = UUID.fromString(customerService.reservationsFor(customerId).getFirst().getOrderId());
			assertThat(customerService.ledgerEntry(orderId)).as("reserved before the crash").isEqualTo(Entry.RESERVED);
			assertThat(customerService.isDown()).isTrue();
			await(() -> releaseAttempts(orderId) >= 3, Duration.ofSeconds(15),
					"three attempts to release order " + orderId + " while customer-service is down");
			assertThat(customerService.releasesFor(orderId)).isEmpty();
			assertThat(pendingReleases(orderId)).as("still owed").isOne();
			System.out.printf("[figures] release owed while customer-service is down: %d attempts, last error: %s%n",
					releaseAttempts(orderId), lastError(orderId));
		}
		finally {
			customerService.restart();
		}
		long restarted = System.nanoTime();

		await(() -> pendingReleases(orderId) == 0, Duration.ofSeconds(30),
				"the owed release of order " + orderId + " to be delivered after customer-service is back");
		System.out.printf("[figures] owed release delivered %d ms after customer-service came back%n",
				(System.nanoTime() - restarted) / 1_000_000);
		assertThat(customerService.releasesFor(orderId)).isNotEmpty();
		assertThat(customerService.ledgerEntry(orderId)).isEqualTo(Entry.RELEASED);
		assertThat(customerService.heldFor(customerId)).isEqualByComparingTo(BigDecimal.ZERO);
	}

	@Test
	void tightAndNormalOrdersTogetherHoldExactlyTheCreditOfTheConfirmedOrders() throws Exception {
		UUID customerId = customerService.customer(Answer.LATE_WHEN_TIGHT);
		int count = 12;
		List<Future<Response>> responses = new ArrayList<>();
		try (ExecutorService clients = Executors.newFixedThreadPool(3)) {
			for (int i = 0; i < count; i++) {
				// A third with a tight budget: their timeouts count against customer-service's breaker, which must
				// stay closed for the others (a failure rate under 50 % even with no release in between)
				boolean tight = (i % 3 == 0);
				String body = orderJson(customerId, "[{\"sku\": \"BOOK-" + i + "\", \"quantity\": 1, \"unitPrice\": "
						+ (10 + i) + ".25}]");
				responses.add(clients.submit(() -> tight
						? post("/api/orders", body, "X-Request-Budget-Ms", TIGHT_BUDGET_MS)
						: post("/api/orders", body)));
			}
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Response> response : responses) {
			statuses.add(response.get().status());
		}

		assertThat(statuses).as("every order either placed or timed out").allMatch((s) -> s == 201 || s == 504);
		assertThat(statuses).as("some timed out").contains(504).as("some were placed").contains(201);
		await(() -> pendingReleasesOf(customerId) == 0 && customerService.lateInFlight(customerId) == 0,
				Duration.ofSeconds(30), "every compensating release to be answered");
		List<String> confirmed = this.jdbc
			.sql("select id::text from orders where customer_id = :id and status = 'CONFIRMED'")
			.param("id", customerId)
			.query(String.class)
			.list();
		BigDecimal confirmedTotal = this.jdbc
			.sql("select coalesce(sum(total), 0) from orders where customer_id = :id and status = 'CONFIRMED'")
			.param("id", customerId)
			.query(BigDecimal.class)
			.single();
		long lateCommits = customerService.reservationsFor(customerId)
			.stream()
			.map(ReserveCreditRequest::getOrderId)
			.filter((id) -> customerService.committedLate(UUID.fromString(id)))
			.count();
		System.out.printf("[figures] %d orders, a third with a %s ms budget: %d placed, %d timed out (%d committed late "
				+ "in customer-service); credit held %s = CONFIRMED total %s%n", count, TIGHT_BUDGET_MS,
				statuses.stream().filter((s) -> s == 201).count(), statuses.stream().filter((s) -> s == 504).count(),
				lateCommits, customerService.heldFor(customerId), confirmedTotal);
		assertThat(lateCommits).as("reservations committed after their caller's deadline").isPositive();
		assertThat(confirmed).hasSize((int) statuses.stream().filter((s) -> s == 201).count());
		assertThat(customerService.reservedOrders(customerId)).containsExactlyInAnyOrderElementsOf(confirmed);
		assertThat(customerService.heldFor(customerId)).isEqualByComparingTo(confirmedTotal);
	}

	@Test
	void aRetryWithTheSameIdempotencyKeyAfterACompensationIsPlacedWithANewOrderIdAndReservedOnce() {
		UUID customerId = customerService.customer(Answer.LATE_WHEN_TIGHT);
		String key = "order-" + UUID.randomUUID();
		String body = orderJson(customerId, twoItems());

		Response first = post("/api/orders", body, "Idempotency-Key", key, "X-Request-Budget-Ms", TIGHT_BUDGET_MS);
		assertThat(first.status()).as(first.raw()).isEqualTo(504);
		UUID givenUp = UUID.fromString(customerService.reservationsFor(customerId).getFirst().getOrderId());

		Response retry = post("/api/orders", body, "Idempotency-Key", key);

		assertThat(retry.status()).as(retry.raw()).isEqualTo(201);
		assertThat(retry.body().get("status").asString()).isEqualTo("CONFIRMED");
		UUID orderId = UUID.fromString(retry.body().get("id").asString());
		assertThat(orderId).as("the retry's order id").isNotEqualTo(givenUp);
		await(() -> pendingReleasesOf(customerId) == 0 && !customerService.releasesFor(givenUp).isEmpty(),
				Duration.ofSeconds(15), "the release of the given-up order " + givenUp);
		assertThat(customerService.committedLate(givenUp)).isTrue();
		assertThat(customerService.ledgerEntry(givenUp)).isEqualTo(Entry.RELEASED);
		assertThat(customerService.reservedOrders(customerId)).containsExactly(orderId.toString());
		assertThat(customerService.heldFor(customerId))
			.isEqualByComparingTo(new BigDecimal(retry.body().get("total").asString()));

		Response replay = post("/api/orders", body, "Idempotency-Key", key);
		assertThat(replay.status()).as(replay.raw()).isEqualTo(200);
		assertThat(replay.body().get("id").asString()).isEqualTo(orderId.toString());
		assertThat(ordersOf(customerId)).isOne();
	}

	/** A call that never reached a connection cannot have reserved anything: nothing to compensate. */
	@Test
	void aCallThatNeverLeftIsNotCompensated() throws Exception {
		UUID customerId = customerService.customer(Answer.RESERVE);
		ManagedChannel channel = (ManagedChannel) this.stub.getChannel();
		customerService.stop();
		await(() -> channel.getState(false) != ConnectivityState.READY, Duration.ofSeconds(10),
				"the channel to notice that customer-service is gone");

		Response response = post("/api/orders", orderJson(customerId, twoItems()));

		assertThat(response.status()).as(response.raw()).isEqualTo(503);
		assertThat(customerService.reservationsFor(customerId)).isEmpty();
		// Written in the request before it answers, when owed
		assertThat(pendingReleasesOf(customerId)).isZero();
	}

	private long pendingReleases(UUID orderId) {
		return this.jdbc.sql("select count(*) from pending_credit_release where order_id = :id")
			.param("id", orderId)
			.query(Long.class)
			.single();
	}

	private long pendingReleasesOf(UUID customerId) {
		return this.jdbc.sql("select count(*) from pending_credit_release where customer_id = :id")
			.param("id", customerId)
			.query(Long.class)
			.single();
	}

	private int releaseAttempts(UUID orderId) {
		return this.jdbc.sql("select coalesce(max(attempts), 0) from pending_credit_release where order_id = :id")
			.param("id", orderId)
			.query(Integer.class)
			.single();
	}

	private String lastError(UUID orderId) {
		return this.jdbc.sql("select last_error from pending_credit_release where order_id = :id")
			.param("id", orderId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private long ordersOf(UUID customerId) {
		return this.jdbc.sql("select count(*) from orders where customer_id = :id")
			.param("id", customerId)
			.query(Long.class)
			.single();
	}

}
