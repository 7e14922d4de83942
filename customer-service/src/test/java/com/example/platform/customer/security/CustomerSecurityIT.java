package com.example.platform.customer.security;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.contracts.customer.v1.GetCustomerRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditResponse;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import com.example.platform.customer.CustomerServiceITSupport;
import com.example.platform.test.security.TestIssuer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Defense in depth: customer-service checks tokens itself (401/403 as problems) and enforces object ownership
 * (OWASP API1): another principal's customer answers exactly like an unknown one, over REST (404) and gRPC
 * (NOT_FOUND), so nobody reads or charges somebody else's customer.
 */
class CustomerSecurityIT extends CustomerServiceITSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private GrpcServerLifecycle grpcServer;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = Grpc
			.newChannelBuilderForAddress("127.0.0.1", this.grpcServer.getPort(), InsecureChannelCredentials.create())
			.build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void anotherPrincipalsCustomerIsNotFoundAndItsOwnerReadsIt() {
		String alices = createCustomer(this.http);
		RestTestClient bob = as(BOB);

		EntityExchangeResult<String> byBob = get(bob, "/api/customers/" + alices);
		EntityExchangeResult<String> byAlice = get(this.http, "/api/customers/" + alices);

		assertProblem(byBob, HttpStatus.NOT_FOUND);
		// Exactly what an id nobody has gets: nothing tells bob that the customer exists
		assertThat(json.readTree(byBob.getResponseBody()).get("detail").asString()).doesNotContain("owner");
		assertThat(byAlice.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(json.readTree(byAlice.getResponseBody()).get("id").asString()).isEqualTo(alices);
		assertProblem(get(bob, "/api/customers/" + alices + "/order-statistics"), HttpStatus.NOT_FOUND);
		assertThat(get(this.http, "/api/customers/" + alices + "/order-statistics").getStatus())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void theListShowsOnlyTheCallersOwnCustomers() {
		String carol = "carol-" + UUID.randomUUID();
		String carols = createCustomer(as(carol));
		String alices = createCustomer(this.http);

		List<String> carolSees = ids(get(as(carol), "/api/customers"));
		List<String> aliceSees = ids(get(this.http, "/api/customers"));

		assertThat(carolSees).containsExactly(carols);
		assertThat(aliceSees).contains(alices).doesNotContain(carols);
	}

	@Test
	void aMachineClientWithCustomersReadAllReadsAnyCustomerButListsNone() {
		String alices = createCustomer(this.http);
		RestTestClient notificationService = withToken(bearer("notification-service", "customers.read.all"));

		EntityExchangeResult<String> read = get(notificationService, "/api/customers/" + alices);

		assertThat(read.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(json.readTree(read.getResponseBody()).get("email").asString()).endsWith("@example.com");
		assertThat(ids(get(notificationService, "/api/customers"))).isEmpty();
		// Reading is all it may do
		assertProblem(post(notificationService, customerJson()), HttpStatus.FORBIDDEN);
	}

	@Test
	void aMissingScopeIsForbidden() {
		String alices = createCustomer(this.http);

		assertProblem(get(withToken(bearer(ALICE, "customers.write")), "/api/customers/" + alices), HttpStatus.FORBIDDEN);
		assertProblem(get(withToken(bearer(ALICE, "orders.read")), "/api/customers"), HttpStatus.FORBIDDEN);
		assertProblem(post(withToken(bearer(ALICE, "customers.read")), customerJson()), HttpStatus.FORBIDDEN);
	}

	@Test
	void noTokenOrAnInvalidOneIsUnauthorized() {
		String alices = createCustomer(this.http);
		String path = "/api/customers/" + alices;
		Map<String, String> invalid = Map.of("none", "",
				"expired", TestIssuer.shared().token(ALICE).scopes("customers.read").expiredAgo(Duration.ofMinutes(5)).bearer(),
				"forged", TestIssuer.shared().token(ALICE).scopes("customers.read").forged().bearer(),
				"wrong issuer", TestIssuer.shared().token(ALICE).scopes("customers.read").issuer("http://evil.example").bearer(),
				"wrong audience", TestIssuer.shared().token(ALICE).scopes("customers.read").audience("other-api").bearer(),
				"not a JWT", "Bearer not-a-jwt",
				"no exp", TestIssuer.shared().token(ALICE).scopes("customers.read").withoutExpiry().bearer(),
				"lifetime over the limit", TestIssuer.shared().token(ALICE).scopes("customers.read")
					.lifetime(Duration.ofHours(2)).bearer());

		invalid.forEach((what, authorization) -> {
			RestTestClient client = withToken(authorization.isEmpty() ? null : authorization);
			EntityExchangeResult<String> read = get(client, path);
			assertThat(read.getStatus()).as(what).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertProblem(read, HttpStatus.UNAUTHORIZED);
			assertThat(read.getResponseHeaders().getFirst("WWW-Authenticate")).as(what).startsWith("Bearer");
			assertProblem(post(client, customerJson()), HttpStatus.UNAUTHORIZED);
		});
	}

	@Test
	void standardTokenTypesAndOtherProvidersShapesAreAcceptedOverRestAndGrpc() {
		String alices = createCustomer(this.http);
		Map<String, String> accepted = Map.of(
				"typ at+jwt", TestIssuer.shared().token(ALICE).scopes("customers.read").type("at+jwt").bearer(),
				"typ application/at+jwt", TestIssuer.shared().token(ALICE).scopes("customers.read")
					.type("application/at+jwt").bearer(),
				"RFC 9068 form", TestIssuer.shared().token(ALICE).scopes("customers.read").rfc9068("platform-web").bearer(),
				"scp, array aud", TestIssuer.shared().token(ALICE).scopes("customers.read").scopesIn("scp")
					.scopesAsString().audiences("platform-api", "another-api").bearer());

		accepted.forEach((what, authorization) -> {
			EntityExchangeResult<String> read = get(withToken(authorization), "/api/customers/" + alices);
			assertThat(read.getStatus()).as(what).isEqualTo(HttpStatus.OK);
			assertThat(availableCredit(stub(authorization), alices)).as(what).isEqualTo("100.00");
		});
		assertStatus(() -> reserve(stub(TestIssuer.shared().token(ALICE).type("at+jwt").withoutExpiry().bearer()),
				alices, "1"), Status.Code.UNAUTHENTICATED);
		assertStatus(() -> reserve(stub(TestIssuer.shared().token(ALICE).type("at+jwt").lifetime(Duration.ofHours(2))
			.bearer()), alices, "1"), Status.Code.UNAUTHENTICATED);
	}

	@Test
	void grpcWithoutATokenIsUnauthenticated() {
		String alices = createCustomer(this.http);
		CustomerServiceBlockingStub anonymous = CustomerServiceGrpc.newBlockingStub(this.channel);

		assertStatus(() -> deadline(anonymous).getCustomer(GetCustomerRequest.newBuilder().setCustomerId(alices).build()),
				Status.Code.UNAUTHENTICATED);
		assertStatus(() -> reserve(anonymous, alices, "1"), Status.Code.UNAUTHENTICATED);
		assertStatus(() -> reserve(stub(TestIssuer.shared().token(ALICE).forged().bearer()), alices, "1"),
				Status.Code.UNAUTHENTICATED);
		assertStatus(() -> reserve(stub(TestIssuer.shared().token(ALICE).expiredAgo(Duration.ofMinutes(5)).bearer()),
				alices, "1"), Status.Code.UNAUTHENTICATED);
	}

	@Test
	void grpcOnAnotherPrincipalsCustomerIsNotFoundAndChargesNothing() {
		String alices = createCustomer(this.http);
		CustomerServiceBlockingStub bob = stub(bearer(BOB, "orders.write"));
		CustomerServiceBlockingStub alice = stub(bearer(ALICE, "orders.write"));
		String order = UUID.randomUUID().toString();

		assertStatus(() -> deadline(bob).getCustomer(GetCustomerRequest.newBuilder().setCustomerId(alices).build()),
				Status.Code.NOT_FOUND);
		assertStatus(() -> reserve(bob, alices, "10"), Status.Code.NOT_FOUND);
		assertStatus(() -> deadline(bob)
			.releaseCredit(ReleaseCreditRequest.newBuilder().setCustomerId(alices).setOrderId(order).build()),
				Status.Code.NOT_FOUND);

		assertThat(availableCredit(alice, alices)).isEqualTo("100.00");
		assertThat(reserve(alice, alices, "10").getReserved()).isTrue();
		assertThat(availableCredit(alice, alices)).isEqualTo("90.00");
	}

	@Test
	void grpcReadAllMayReadAnyCustomerButNotChargeIt() {
		String alices = createCustomer(this.http);
		CustomerServiceBlockingStub reader = stub(bearer("notification-service", "customers.read.all"));

		assertThat(availableCredit(reader, alices)).isEqualTo("100.00");
		assertStatus(() -> reserve(reader, alices, "10"), Status.Code.NOT_FOUND);
	}

	/**
	 * order-service's own client (scope credit.release.all) compensates a reservation it gave up on, in the
	 * background, for a customer of the user who placed the order: it releases any owner's credit, and does nothing
	 * else with it.
	 */
	@Test
	void grpcReleaseAllReleasesAnotherOwnersCreditAndNothingMore() {
		String alices = createCustomer(this.http);
		CustomerServiceBlockingStub alice = stub(bearer(ALICE, "orders.write"));
		CustomerServiceBlockingStub orderService = stub(bearer("order-service", "credit.release.all"));
		String reserved = UUID.randomUUID().toString();
		assertThat(reserve(alice, alices, reserved, "10").getReserved()).isTrue();
		assertThat(availableCredit(alice, alices)).isEqualTo("90.00");

		ReleaseCreditResponse released = release(orderService, alices, reserved);

		assertThat(released.getReleased()).isTrue();
		assertThat(released.getAvailableCredit()).isEqualTo("100.00");
		assertThat(availableCredit(alice, alices)).isEqualTo("100.00");
		assertThat(release(orderService, alices, reserved).getReleased()).as("again: nothing more").isFalse();
		// Released before any reservation: the late reservation is refused
		String late = UUID.randomUUID().toString();
		assertThat(release(orderService, alices, late).getReleased()).isFalse();
		ReserveCreditResponse refused = reserve(alice, alices, late, "10");
		assertThat(refused.getReserved()).isFalse();
		assertThat(refused.getReason()).isEqualTo("credit for order " + late + " was already released");
		assertThat(availableCredit(alice, alices)).isEqualTo("100.00");
		// Nothing else: no reads, no reservations of somebody else's credit
		assertStatus(() -> availableCredit(orderService, alices), Status.Code.NOT_FOUND);
		assertStatus(() -> reserve(orderService, alices, UUID.randomUUID().toString(), "10"), Status.Code.NOT_FOUND);
		assertStatus(() -> release(orderService, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
				Status.Code.NOT_FOUND);
	}

	@Test
	void grpcReleaseWithoutReleaseAllIsNotFoundOnAnotherOwnersCustomer() {
		String alices = createCustomer(this.http);
		CustomerServiceBlockingStub alice = stub(bearer(ALICE, "orders.write"));
		String reserved = UUID.randomUUID().toString();
		assertThat(reserve(alice, alices, reserved, "10").getReserved()).isTrue();

		for (String scope : List.of("orders.write", "customers.read.all")) {
			CustomerServiceBlockingStub other = stub(bearer("order-service", scope));
			assertStatus(() -> release(other, alices, reserved), Status.Code.NOT_FOUND);
		}

		assertThat(availableCredit(alice, alices)).isEqualTo("90.00");
	}

	@Test
	void probesStayOnTheMainPortWithoutATokenAndActuatorIsOnlyOnTheManagementPort() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(status(this.port, "/livez", null)).isEqualTo(200);
		assertThat(status(this.port, "/readyz", null)).isEqualTo(200);
		assertThat(status(this.port, "/actuator/health", bearer(ALICE, "customers.read"))).isEqualTo(404);
		assertThat(status(this.port, "/actuator/prometheus", bearer(ALICE, "customers.read"))).isEqualTo(404);
		assertThat(status(this.managementPort, "/actuator/health", null)).isEqualTo(200);
		assertThat(status(this.managementPort, "/actuator/prometheus", null)).isEqualTo(200);
	}

	private CustomerServiceBlockingStub stub(String authorization) {
		return CustomerServiceGrpc.newBlockingStub(this.channel).withInterceptors(grpcToken(authorization));
	}

	private static CustomerServiceBlockingStub deadline(CustomerServiceBlockingStub stub) {
		return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private static ReserveCreditResponse reserve(CustomerServiceBlockingStub stub, String customerId, String amount) {
		return reserve(stub, customerId, UUID.randomUUID().toString(), amount);
	}

	private static ReserveCreditResponse reserve(CustomerServiceBlockingStub stub, String customerId, String orderId,
			String amount) {
		return deadline(stub).reserveCredit(ReserveCreditRequest.newBuilder()
			.setCustomerId(customerId)
			.setOrderId(orderId)
			.setAmount(amount)
			.build());
	}

	private static ReleaseCreditResponse release(CustomerServiceBlockingStub stub, String customerId, String orderId) {
		return deadline(stub)
			.releaseCredit(ReleaseCreditRequest.newBuilder().setCustomerId(customerId).setOrderId(orderId).build());
	}

	private static String availableCredit(CustomerServiceBlockingStub stub, String customerId) {
		return deadline(stub).getCustomer(GetCustomerRequest.newBuilder().setCustomerId(customerId).build())
			.getAvailableCredit();
	}

	private static String createCustomer(RestTestClient client) {
		EntityExchangeResult<String> created = post(client, customerJson());
		assertThat(created.getStatus()).as(created.getResponseBody()).isEqualTo(HttpStatus.CREATED);
		return json.readTree(created.getResponseBody()).get("id").asString();
	}

	private static Map<String, Object> customerJson() {
		return Map.of("name", "Owned", "email", "owned-" + UUID.randomUUID() + "@example.com", "creditLimit",
				new BigDecimal("100"));
	}

	private static EntityExchangeResult<String> post(RestTestClient client, Map<String, Object> body) {
		return client.post()
			.uri("/api/customers")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult(String.class);
	}

	private static EntityExchangeResult<String> get(RestTestClient client, String path) {
		return client.get().uri(path).exchange().returnResult(String.class);
	}

	private static List<String> ids(EntityExchangeResult<String> list) {
		assertThat(list.getStatus()).isEqualTo(HttpStatus.OK);
		return json.readTree(list.getResponseBody()).valueStream().map((customer) -> customer.get("id").asString()).toList();
	}

	private static int status(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static void assertProblem(EntityExchangeResult<String> result, HttpStatus status) {
		assertThat(result.getStatus()).as(result.getResponseBody()).isEqualTo(status);
		assertThat(result.getResponseHeaders().getContentType()).isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
		JsonNode problem = json.readTree(result.getResponseBody());
		assertThat(problem.get("status").asInt()).isEqualTo(status.value());
		assertThat(result.getResponseBody()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private static void assertStatus(Runnable call, Status.Code code) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(code));
	}

}
