package com.example.platform.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
		UNAVAILABLE

	}

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
		this.server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
	}

	/** Starts it again on the same port. */
	public synchronized void restart() {
		if (this.server.isShutdown()) {
			this.server = startOn(this.port);
		}
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
		this.reservations.add(request);
		recordAuthorization(request.getOrderId());
		Answer answer = this.customers.get(request.getCustomerId());
		if (answer == null) {
			response.onError(Status.NOT_FOUND.withDescription("no customer " + request.getCustomerId()).asRuntimeException());
			return;
		}
		switch (answer) {
			case RESERVE -> ok(response, ReserveCreditResponse.newBuilder().setReserved(true).setAvailableCredit("100.00").build());
			case REFUSE -> ok(response, ReserveCreditResponse.newBuilder().setReserved(false).setReason(REFUSAL).setAvailableCredit("10.00").build());
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
		}
	}

	@Override
	public void releaseCredit(ReleaseCreditRequest request, StreamObserver<ReleaseCreditResponse> response) {
		boolean first = releasesFor(UUID.fromString(request.getOrderId())).isEmpty();
		this.releases.add(request);
		recordAuthorization(request.getOrderId());
		ok(response, ReleaseCreditResponse.newBuilder().setReleased(first).setAvailableCredit("100.00").build());
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
