package com.example.platform.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.ReleaseCreditRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditResponse;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A customer-service stand-in on a real port, one per JVM. Each test registers its own
 * customers with the answer they should get, so tests do not interfere; a customer nobody
 * registered is NOT_FOUND, like in the real service.
 * <p>
 * It keeps a ledger like customer-service's: per order id the reservation that holds credit, a refusal, or a release
 * (also one that came first: a tombstone that refuses a later reservation). Decisions for one customer happen one at a
 * time (customer-service locks the customer row for each), and a reservation that commits late holds that lock while
 * it waits, so a release for the order waits for it, as in the real service.
 */
public final class FakeCustomerService extends CustomerServiceGrpc.CustomerServiceImplBase {

	public static final String REFUSAL = "insufficient credit: 10.00 available";

	private static FakeCustomerService instance;

	public enum Answer {

		/** Reserves whatever is asked. */
		RESERVE,
		/** Refuses for lack of credit. */
		REFUSE,
		/** Answers long after the client's deadline. */
		SLOW,
		/** Fails with UNAVAILABLE. */
		UNAVAILABLE,
		/**
		 * Commits the reservation AFTER the caller's deadline: waits until the caller gives up, then reserves anyway and
		 * answers into the void (customer-service's check before its commit lost the race with the deadline).
		 */
		LATE,
		/** {@link #LATE} when the call's deadline is under a second away (a tight budget), else {@link #RESERVE}. */
		LATE_WHEN_TIGHT,
		/**
		 * Commits the reservation, then the whole server goes down before answering (connections dropped and refused
		 * until {@link FakeCustomerService#restart()}): the caller sees the call fail after it was sent.
		 */
		COMMIT_THEN_CRASH

	}

	/** The state of one order id in the ledger. */
	public enum Entry {

		RESERVED, REFUSED, RELEASED

	}

	private record LedgerEntry(String customerId, BigDecimal amount, Entry state) {
	}

	private final Map<String, LedgerEntry> ledger = new ConcurrentHashMap<>();

	private final Map<String, ReentrantLock> customerLocks = new ConcurrentHashMap<>();

	/** Order ids whose reservation committed after the caller had given up. */
	private final List<String> lateCommits = new CopyOnWriteArrayList<>();

	/** Late reservations still waiting for the caller to give up, by customer. */
	private final Map<String, Integer> lateInFlight = new ConcurrentHashMap<>();

	/** The authorization metadata of every release call, by order id. */
	private final Map<String, List<String>> releaseAuthorizations = new ConcurrentHashMap<>();

	private final Map<String, Answer> customers = new ConcurrentHashMap<>();

	private final List<ReserveCreditRequest> reservations = new CopyOnWriteArrayList<>();

	private final List<ReleaseCreditRequest> releases = new CopyOnWriteArrayList<>();

	private final List<String> cancelledOrderIds = new CopyOnWriteArrayList<>();

	/** The authorization metadata each credit call came with, by order id (absent: none). */
	private final Map<String, String> authorizations = new ConcurrentHashMap<>();

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Context.Key<String> CALL_AUTHORIZATION = Context.key("authorization");

	private volatile Server server;

	// Set before the server is shut down: a call that still gets through a closing connection is not served
	private volatile boolean down;

	private final int port;

	private FakeCustomerService() {
		this.server = startOn(0);
		this.port = this.server.getPort();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> this.server.shutdownNow(), "fake-customer-service-stop"));
	}

	private Server startOn(int port) {
		try {
			return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
				.addService(ServerInterceptors.intercept(this, new ServerInterceptor() {
					@Override
					public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
							ServerCallHandler<Q, R> next) {
						String authorization = headers.get(AUTHORIZATION);
						return Contexts.interceptCall(Context.current().withValue(CALL_AUTHORIZATION, authorization),
								call, headers, next);
					}
				}))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the server, as if customer-service were down (connections are refused). */
	public synchronized void stop() throws InterruptedException {
		this.down = true;
		this.server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
	}

	/** Starts it again on the same port. */
	public synchronized void restart() {
		if (this.server.isShutdown()) {
			try {
				this.server.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.server = startOn(this.port);
			this.down = false;
		}
	}

	/** Whether the server is down ({@link #stop()}, or a {@link Answer#COMMIT_THEN_CRASH}). */
	public boolean isDown() {
		return this.down;
	}

	/** Credit the ledger holds for the customer: the sum of its reservations not released. */
	public BigDecimal heldFor(UUID customerId) {
		return this.ledger.values()
			.stream()
			.filter((entry) -> entry.customerId().equals(customerId.toString()) && entry.state() == Entry.RESERVED)
			.map(LedgerEntry::amount)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** The ledger's state of the order id, null when it never heard of it. */
	public Entry ledgerEntry(UUID orderId) {
		LedgerEntry entry = this.ledger.get(orderId.toString());
		return (entry != null) ? entry.state() : null;
	}

	/** Order ids of the customer that hold credit. */
	public List<String> reservedOrders(UUID customerId) {
		return this.ledger.entrySet()
			.stream()
			.filter((e) -> e.getValue().customerId().equals(customerId.toString())
					&& e.getValue().state() == Entry.RESERVED)
			.map(Map.Entry::getKey)
			.toList();
	}

	/** Whether the reservation of the order committed after its caller had given up. */
	public boolean committedLate(UUID orderId) {
		return this.lateCommits.contains(orderId.toString());
	}

	/** Late reservations of the customer still waiting for their caller to give up. */
	public int lateInFlight(UUID customerId) {
		return this.lateInFlight.getOrDefault(customerId.toString(), 0);
	}

	/** The {@code authorization} metadata of each release call for the order, in order. */
	public List<String> releaseAuthorizationsFor(UUID orderId) {
		return this.releaseAuthorizations.getOrDefault(orderId.toString(), List.of());
	}

	/** Order ids whose reservation the fake saw cancelled (the caller's deadline passed) before answering. */
	public List<String> cancelledOrderIds() {
		return this.cancelledOrderIds;
	}

	public static synchronized FakeCustomerService instance() {
		if (instance == null) {
			instance = new FakeCustomerService();
		}
		return instance;
	}

	public String target() {
		return "static://127.0.0.1:" + this.port;
	}

	/** A new customer id whose credit calls get {@code answer}. */
	public UUID customer(Answer answer) {
		UUID id = UUID.randomUUID();
		this.customers.put(id.toString(), answer);
		return id;
	}

	public List<ReserveCreditRequest> reservationsFor(UUID customerId) {
		return this.reservations.stream().filter((r) -> r.getCustomerId().equals(customerId.toString())).toList();
	}

	/** The {@code authorization} metadata of the last credit call for the order (the relayed caller's token). */
	public String authorizationFor(UUID orderId) {
		return this.authorizations.get(orderId.toString());
	}

	private void recordAuthorization(String orderId) {
		String authorization = CALL_AUTHORIZATION.get();
		if (authorization != null) {
			this.authorizations.put(orderId, authorization);
		}
	}

	public List<ReleaseCreditRequest> releasesFor(UUID orderId) {
		return this.releases.stream().filter((r) -> r.getOrderId().equals(orderId.toString())).toList();
	}

	@Override
	public void reserveCredit(ReserveCreditRequest request, StreamObserver<ReserveCreditResponse> response) {
		if (this.down) {
			response.onError(Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException());
			return;
		}
		this.reservations.add(request);
		recordAuthorization(request.getOrderId());
		Answer answer = this.customers.get(request.getCustomerId());
		if (answer == null) {
			response.onError(Status.NOT_FOUND.withDescription("no customer " + request.getCustomerId()).asRuntimeException());
			return;
		}
		if (answer == Answer.LATE_WHEN_TIGHT) {
			io.grpc.Deadline deadline = Context.current().getDeadline();
			answer = (deadline != null && deadline.timeRemaining(TimeUnit.MILLISECONDS) < 1000) ? Answer.LATE
					: Answer.RESERVE;
		}
		switch (answer) {
			case RESERVE -> ok(response, withCustomerLock(request.getCustomerId(), () -> reserve(request)));
			case REFUSE -> {
				withCustomerLock(request.getCustomerId(), () -> this.ledger.putIfAbsent(request.getOrderId(),
						new LedgerEntry(request.getCustomerId(), new BigDecimal(request.getAmount()), Entry.REFUSED)));
				ok(response, ReserveCreditResponse.newBuilder().setReserved(false).setReason(REFUSAL).setAvailableCredit("10.00").build());
			}
			case LATE -> reserveLate(request, response);
			case COMMIT_THEN_CRASH -> {
				withCustomerLock(request.getCustomerId(), () -> reserve(request));
				// Down before answering: the caller's call fails after its request was taken
				this.down = true;
				this.server.shutdownNow();
			}
			case SLOW -> {
				// Like customer-service: stop working once the caller gave up, and reserve nothing
				long until = System.nanoTime() + 6_000_000_000L;
				while (System.nanoTime() < until && !Context.current().isCancelled()) {
					sleep(10);
				}
				if (Context.current().isCancelled()) {
					this.cancelledOrderIds.add(request.getOrderId());
					return;
				}
				ok(response, ReserveCreditResponse.newBuilder().setReserved(true).build());
			}
			case UNAVAILABLE -> response.onError(Status.UNAVAILABLE.withDescription("down for the test").asRuntimeException());
			case LATE_WHEN_TIGHT -> throw new IllegalStateException("resolved above");
		}
	}

	// Like customer-service: an earlier decision for the order is answered again; a release that came first refuses
	private ReserveCreditResponse reserve(ReserveCreditRequest request) {
		LedgerEntry entry = this.ledger.computeIfAbsent(request.getOrderId(),
				(id) -> new LedgerEntry(request.getCustomerId(), new BigDecimal(request.getAmount()), Entry.RESERVED));
		return switch (entry.state()) {
			case RESERVED -> ReserveCreditResponse.newBuilder().setReserved(true).setAvailableCredit("100.00").build();
			case REFUSED -> ReserveCreditResponse.newBuilder().setReserved(false).setReason(REFUSAL).build();
			case RELEASED -> ReserveCreditResponse.newBuilder()
				.setReserved(false)
				.setReason("credit for order " + request.getOrderId() + " was already released")
				.build();
		};
	}

	// Holds the customer's lock from the start (as customer-service's transaction holds the customer row), waits
	// until the caller gives up, then commits anyway
	private void reserveLate(ReserveCreditRequest request, StreamObserver<ReserveCreditResponse> response) {
		String customerId = request.getCustomerId();
		this.lateInFlight.merge(customerId, 1, Integer::sum);
		try {
			withCustomerLock(customerId, () -> {
				CountDownLatch gaveUp = new CountDownLatch(1);
				Context.current().addListener((context) -> gaveUp.countDown(), Runnable::run);
				try {
					if (!gaveUp.await(6, TimeUnit.SECONDS)) {
						throw new IllegalStateException("the caller of a LATE reservation never gave up");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				ReserveCreditResponse answer = reserve(request);
				if (answer.getReserved()) {
					this.lateCommits.add(request.getOrderId());
				}
				return answer;
			});
		}
		finally {
			this.lateInFlight.merge(customerId, -1, Integer::sum);
		}
		// The caller is gone: nobody reads the answer
	}

	private <T> T withCustomerLock(String customerId, java.util.function.Supplier<T> decision) {
		ReentrantLock lock = this.customerLocks.computeIfAbsent(customerId, (id) -> new ReentrantLock());
		lock.lock();
		try {
			return decision.get();
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public void releaseCredit(ReleaseCreditRequest request, StreamObserver<ReleaseCreditResponse> response) {
		if (this.down) {
			response.onError(Status.UNAVAILABLE.withDescription("shutting down").asRuntimeException());
			return;
		}
		recordAuthorization(request.getOrderId());
		String authorization = CALL_AUTHORIZATION.get();
		this.releaseAuthorizations.computeIfAbsent(request.getOrderId(), (id) -> new CopyOnWriteArrayList<>())
			.add((authorization != null) ? authorization : "");
		// Waits for a reservation of the customer in progress, like customer-service's lock on the customer row
		boolean released = withCustomerLock(request.getCustomerId(), () -> {
			LedgerEntry before = this.ledger.get(request.getOrderId());
			this.ledger.put(request.getOrderId(), new LedgerEntry(request.getCustomerId(),
					(before != null) ? before.amount() : BigDecimal.ZERO,
					(before != null && before.state() == Entry.REFUSED) ? Entry.REFUSED : Entry.RELEASED));
			return before != null && before.state() == Entry.RESERVED;
		});
		this.releases.add(request);
		ok(response, ReleaseCreditResponse.newBuilder().setReleased(released).setAvailableCredit("100.00").build());
	}

	private static <T> void ok(StreamObserver<T> response, T value) {
		response.onNext(value);
		response.onCompleted();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
