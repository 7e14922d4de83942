package com.example.platform.customer.grpc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.platform.contracts.customer.v1.Customer;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.contracts.customer.v1.GetCustomerRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditResponse;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import com.example.platform.customer.CustomerServiceITSupport;
import com.example.platform.test.security.TestIssuer;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Calls the real Netty gRPC server of the application, bound to a free port (spring.grpc.server.port=0), with
 * {@link #ALICE}'s token on every call; alice owns the customers these tests create.
 */
class CustomerGrpcIT extends CustomerServiceITSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private GrpcServerLifecycle grpcServer;

	@Autowired
	private CustomerGrpcService service;

	@Autowired
	private JwtDecoder jwtDecoder;

	private ManagedChannel channel;

	private CustomerServiceBlockingStub customers;

	@BeforeEach
	void connect() {
		// The lifecycle knows the port the server really bound, which matters with port 0.
		assertThat(this.grpcServer.getPort()).isPositive();
		this.channel = Grpc
			.newChannelBuilderForAddress("127.0.0.1", this.grpcServer.getPort(), InsecureChannelCredentials.create())
			.build();
		this.customers = CustomerServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(grpcToken(bearer(ALICE, "orders.write")));
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void getsACustomer() {
		String id = createCustomer("Grace Hopper", "1000");

		Customer customer = stub().getCustomer(GetCustomerRequest.newBuilder().setCustomerId(id).build());

		assertThat(customer.getCustomerId()).isEqualTo(id);
		assertThat(customer.getName()).isEqualTo("Grace Hopper");
		assertThat(customer.getEmail()).endsWith("@example.com");
		assertThat(customer.getCreditLimit()).isEqualTo("1000.00");
		assertThat(customer.getAvailableCredit()).isEqualTo("1000.00");
	}

	@Test
	void reservesWithinTheCredit() {
		String id = createCustomer("Within", "100");

		ReserveCreditResponse response = reserve(id, newOrderId(), "30.50");

		assertThat(response.getReserved()).isTrue();
		assertThat(response.getReason()).isEmpty();
		assertThat(response.getAvailableCredit()).isEqualTo("69.50");
		assertThat(availableCredit(id)).isEqualTo("69.50");
	}

	@Test
	void refusesAReservationOverTheCreditAndHoldsNothing() {
		String id = createCustomer("Over", "100");

		ReserveCreditResponse response = reserve(id, newOrderId(), "100.01");

		assertThat(response.getReserved()).isFalse();
		assertThat(response.getReason()).contains("insufficient credit");
		assertThat(response.getAvailableCredit()).isEqualTo("100.00");
		assertThat(availableCredit(id)).isEqualTo("100.00");
	}

	@Test
	void answersARepeatedReservationLikeTheFirstAndHoldsTheCreditOnce() {
		String id = createCustomer("Repeat", "100");
		String orderId = newOrderId();

		ReserveCreditResponse first = reserve(id, orderId, "40");
		ReserveCreditResponse second = reserve(id, orderId, "40");

		assertThat(first.getReserved()).isTrue();
		assertThat(second).isEqualTo(first);
		assertThat(availableCredit(id)).isEqualTo("60.00");
	}

	@Test
	void answersARepeatedRefusalLikeTheFirstEvenWhenCreditIsNowAvailable() {
		String id = createCustomer("Refused", "100");
		String big = newOrderId();
		String small = newOrderId();
		reserve(id, small, "80");
		ReserveCreditResponse refused = reserve(id, big, "50");
		release(id, small);

		ReserveCreditResponse retried = reserve(id, big, "50");

		assertThat(refused.getReserved()).isFalse();
		assertThat(retried.getReserved()).isFalse();
		assertThat(retried.getReason()).isEqualTo(refused.getReason());
		assertThat(retried.getAvailableCredit()).isEqualTo("100.00");
	}

	@Test
	void releaseRestoresTheCreditOnceOnly() {
		String id = createCustomer("Release", "100");
		String orderId = newOrderId();
		reserve(id, orderId, "25");

		ReleaseCreditResponse first = release(id, orderId);
		ReleaseCreditResponse second = release(id, orderId);

		assertThat(first.getReleased()).isTrue();
		assertThat(first.getAvailableCredit()).isEqualTo("100.00");
		assertThat(second.getReleased()).isFalse();
		assertThat(second.getAvailableCredit()).isEqualTo("100.00");
		assertThat(availableCredit(id)).isEqualTo("100.00");
		// The order's credit is gone for good: a late retry of its reservation holds nothing.
		assertThat(reserve(id, orderId, "25").getReserved()).isFalse();
		assertThat(availableCredit(id)).isEqualTo("100.00");
	}

	@Test
	void releasingWhatWasNeverReservedChangesNothingAndBlocksALateReservation() {
		String id = createCustomer("Never", "100");
		String orderId = newOrderId();

		ReleaseCreditResponse released = release(id, orderId);
		ReserveCreditResponse late = reserve(id, orderId, "10");

		assertThat(released.getReleased()).isFalse();
		assertThat(released.getAvailableCredit()).isEqualTo("100.00");
		assertThat(late.getReserved()).isFalse();
		assertThat(availableCredit(id)).isEqualTo("100.00");
	}

	@Test
	void concurrentReservationsNeverOverdraw() throws Exception {
		String id = createCustomer("Concurrent", "100");
		int callers = 20;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<ReserveCreditResponse>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			for (int i = 0; i < callers; i++) {
				String orderId = newOrderId();
				answers.add(pool.submit(() -> {
					start.await();
					return reserve(id, orderId, "10");
				}));
			}
			start.countDown();
			int reserved = 0;
			for (Future<ReserveCreditResponse> answer : answers) {
				if (answer.get(30, TimeUnit.SECONDS).getReserved()) {
					reserved++;
				}
			}
			assertThat(reserved).isEqualTo(10);
		}
		assertThat(availableCredit(id)).isEqualTo("0.00");
	}

	@Test
	void answersNotFoundForAnUnknownCustomer() {
		String unknown = UUID.randomUUID().toString();

		assertStatus(() -> stub().getCustomer(GetCustomerRequest.newBuilder().setCustomerId(unknown).build()),
				Status.Code.NOT_FOUND);
		assertStatus(() -> reserve(unknown, newOrderId(), "1"), Status.Code.NOT_FOUND);
		assertStatus(() -> release(unknown, newOrderId()), Status.Code.NOT_FOUND);
	}

	@Test
	void answersInvalidArgumentForABadIdOrAmount() {
		String id = createCustomer("Invalid", "100");

		assertStatus(() -> stub().getCustomer(GetCustomerRequest.newBuilder().setCustomerId("nope").build()),
				Status.Code.INVALID_ARGUMENT);
		assertStatus(() -> reserve("nope", newOrderId(), "1"), Status.Code.INVALID_ARGUMENT);
		assertStatus(() -> release("", newOrderId()), Status.Code.INVALID_ARGUMENT);
		for (String amount : List.of("", "abc", "0", "-5", "1.234", "1e40")) {
			assertStatus(() -> reserve(id, newOrderId(), amount), Status.Code.INVALID_ARGUMENT);
		}
		assertStatus(() -> reserve(id, "", "1"), Status.Code.INVALID_ARGUMENT);
		assertThat(availableCredit(id)).isEqualTo("100.00");
	}

	@Test
	void refusesAnOrderIdAlreadyUsedByAnotherCustomer() {
		String first = createCustomer("First", "100");
		String second = createCustomer("Second", "100");
		String orderId = newOrderId();
		reserve(first, orderId, "10");

		assertStatus(() -> reserve(second, orderId, "10"), Status.Code.FAILED_PRECONDITION);
		assertStatus(() -> release(second, orderId), Status.Code.FAILED_PRECONDITION);
		assertThat(availableCredit(second)).isEqualTo("100.00");
	}

	@Test
	void doesNotHoldCreditForACallerThatAlreadyGaveUp() throws Exception {
		String id = createCustomer("Gone", "100");
		String orderId = newOrderId();
		ReserveCreditRequest request = ReserveCreditRequest.newBuilder()
			.setCustomerId(id)
			.setOrderId(orderId)
			.setAmount("10")
			.build();
		Recorder<ReserveCreditResponse> recorder = new Recorder<>();

		// Runs the handler as the server would for a call of alice whose client cancelled (or whose deadline passed).
		Context.CancellableContext call = Context.current().withCancellation();
		call.cancel(null);
		SecurityContextHolder.getContext()
			.setAuthentication(new JwtAuthenticationToken(this.jwtDecoder.decode(TestIssuer.shared().token(ALICE).value())));
		try {
			call.run(() -> this.service.reserveCredit(request, recorder));
		}
		finally {
			SecurityContextHolder.clearContext();
		}

		assertThat(recorder.error).isNotNull();
		assertThat(Status.fromThrowable(recorder.error).getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(recorder.values).isEmpty();
		assertThat(availableCredit(id)).isEqualTo("100.00");
		// Nothing was recorded for the order, so the caller's retry is decided afresh.
		assertThat(reserve(id, orderId, "10").getReserved()).isTrue();
		assertThat(availableCredit(id)).isEqualTo("90.00");
	}

	private CustomerServiceBlockingStub stub() {
		return this.customers.withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private ReserveCreditResponse reserve(String customerId, String orderId, String amount) {
		return stub().reserveCredit(ReserveCreditRequest.newBuilder()
			.setCustomerId(customerId)
			.setOrderId(orderId)
			.setAmount(amount)
			.build());
	}

	private ReleaseCreditResponse release(String customerId, String orderId) {
		return stub()
			.releaseCredit(ReleaseCreditRequest.newBuilder().setCustomerId(customerId).setOrderId(orderId).build());
	}

	private String availableCredit(String customerId) {
		return stub().getCustomer(GetCustomerRequest.newBuilder().setCustomerId(customerId).build())
			.getAvailableCredit();
	}

	private String createCustomer(String name, String creditLimit) {
		String body = this.http.post()
			.uri("/api/customers")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name, "email", "grpc-" + UUID.randomUUID() + "@example.com", "creditLimit",
					new BigDecimal(creditLimit)))
			.exchange()
			.expectStatus()
			.isCreated()
			.returnResult(String.class)
			.getResponseBody();
		return json.readTree(body).get("id").asString();
	}

	private static String newOrderId() {
		return UUID.randomUUID().toString();
	}

	private static void assertStatus(Runnable call, Status.Code code) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(code))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription()).isNotBlank());
	}

	private static final class Recorder<T> implements StreamObserver<T> {

		private final List<T> values = new ArrayList<>();

		private Throwable error;

		@Override
		public void onNext(T value) {
			this.values.add(value);
		}

		@Override
		public void onError(Throwable error) {
			this.error = error;
		}

		@Override
		public void onCompleted() {
		}

	}

}
