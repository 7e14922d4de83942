package com.example.platform.order.ordering;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import com.example.platform.test.security.TestIssuer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static com.example.platform.order.OrderEventsConsumer.awaitRecords;
import static com.example.platform.order.OrderEventsConsumer.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defense in depth: order-service checks tokens itself (401/403 as problems) and enforces object ownership (OWASP
 * API1): an order is its placer's; another principal's order id answers 404, exactly like an unknown one.
 */
class OrderOwnershipIT extends OrderServiceITSupport {

	private static final String BOB = "bob";

	@Autowired
	private JwtDecoder jwtDecoder;

	@Test
	void anotherPrincipalsOrderIsNotFoundForReadingListingAndCancelling() {
		UUID customerId = customerService.customer(Answer.RESERVE);
		UUID orderId = placeOrder(customerId);
		String bob = bearer(BOB, "orders.read", "orders.write");

		Response bobReads = get("/api/orders/" + orderId, "Authorization", bob);
		Response bobCancels = post("/api/orders/" + orderId + "/cancel", "", "Authorization", bob);
		Response bobLists = get("/api/orders?customerId=" + customerId, "Authorization", bob);
		Response bobListsAll = get("/api/orders", "Authorization", bob);

		assertThat(bobReads.status()).as(bobReads.raw()).isEqualTo(404);
		assertThat(bobReads.contentType()).startsWith("application/problem+json");
		// Word for word what an id nobody has gets, but for the id
		assertThat(bobReads.body().get("detail").asString())
			.isEqualTo(get("/api/orders/" + UUID.randomUUID(), "Authorization", bob).body().get("detail").asString()
				.replaceAll("[0-9a-f-]{36}", orderId.toString()));
		assertThat(bobCancels.status()).as(bobCancels.raw()).isEqualTo(404);
		assertThat(customerService.releasesFor(orderId)).isEmpty();
		assertThat(bobLists.status()).isEqualTo(200);
		assertThat(bobLists.body()).isEmpty();
		assertThat(bobListsAll.status()).isEqualTo(200);
		assertThat(bobListsAll.body().valueStream().map((order) -> order.get("id").asString()))
			.doesNotContain(orderId.toString());

		Response aliceReads = get("/api/orders/" + orderId);
		assertThat(aliceReads.status()).isEqualTo(200);
		assertThat(aliceReads.body().get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(get("/api/orders?customerId=" + customerId).body().valueStream().map((o) -> o.get("id").asString()))
			.containsExactly(orderId.toString());
		assertThat(get("/api/orders").body().valueStream().map((o) -> o.get("id").asString()))
			.contains(orderId.toString());
		assertThat(post("/api/orders/" + orderId + "/cancel", "").status()).isEqualTo(200);
		assertThat(customerService.releasesFor(orderId)).hasSize(1);
	}

	@Test
	void theCreditCallCarriesThePlacersTokenAndTheEventsItsOwner() throws Exception {
		UUID customerId = customerService.customer(Answer.RESERVE);

		UUID orderId = placeOrder(customerId);
		post("/api/orders/" + orderId + "/cancel", "");

		// customer-service decides with this token whether the customer is the caller's own
		Jwt relayed = this.jwtDecoder.decode(customerService.authorizationFor(orderId).substring("Bearer ".length()));
		assertThat(relayed.getSubject()).isEqualTo(ALICE);
		List<ConsumerRecord<String, byte[]>> records = awaitRecords(this.kafkaBootstrapServers, TOPIC,
				orderId.toString(), 2, Duration.ofSeconds(20));
		assertThat(records).hasSize(2);
		assertThat(header(records.get(0), "ce_type")).isEqualTo("platform.order.events.v1.OrderPlaced");
		assertThat(OrderPlaced.parseFrom(records.get(0).value()).getOwner()).isEqualTo(ALICE);
		assertThat(OrderCancelled.parseFrom(records.get(1).value()).getOwner()).isEqualTo(ALICE);
		assertThat(this.jdbc.sql("select owner from orders where id = :id").param("id", orderId).query(String.class)
			.single()).isEqualTo(ALICE);
	}

	@Test
	void idempotencyKeysArePerPrincipal() {
		UUID customerId = customerService.customer(Answer.RESERVE);
		String key = "shared-" + UUID.randomUUID();
		String body = orderJson(customerId, twoItems());

		Response alices = post("/api/orders", body, "Idempotency-Key", key);
		Response bobs = post("/api/orders", body, "Idempotency-Key", key, "Authorization",
				bearer(BOB, "orders.read", "orders.write"));

		assertThat(alices.status()).isEqualTo(201);
		// Not a replay of alice's order: bob's key is bob's
		assertThat(bobs.status()).as(bobs.raw()).isEqualTo(201);
		assertThat(bobs.body().get("id")).isNotEqualTo(alices.body().get("id"));
		assertThat(post("/api/orders", body, "Idempotency-Key", key).body().get("id")).isEqualTo(alices.body().get("id"));
	}

	@Test
	void aMissingScopeIsForbidden() {
		UUID customerId = customerService.customer(Answer.RESERVE);
		UUID orderId = placeOrder(customerId);
		String readOnly = bearer(ALICE, "orders.read");
		String writeOnly = bearer(ALICE, "orders.write");

		List<Response> forbidden = List.of(post("/api/orders", orderJson(customerId, twoItems()), "Authorization", readOnly),
				post("/api/orders/" + orderId + "/cancel", "", "Authorization", readOnly),
				get("/api/orders/" + orderId, "Authorization", writeOnly),
				get("/api/orders?customerId=" + customerId, "Authorization", bearer(ALICE, "customers.read")));

		assertThat(forbidden).allSatisfy((response) -> {
			assertThat(response.status()).as(response.raw()).isEqualTo(403);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body().get("status").asInt()).isEqualTo(403);
		});
		assertThat(customerService.reservationsFor(customerId)).hasSize(1);
		assertThat(customerService.releasesFor(orderId)).isEmpty();
	}

	@Test
	void standardTokenTypesAndOtherProvidersShapesAreAccepted() {
		UUID customerId = customerService.customer(Answer.RESERVE);
		UUID orderId = placeOrder(customerId);
		Map<String, String> accepted = Map.of(
				"typ at+jwt", TestIssuer.shared().token(ALICE).scopes("orders.read").type("at+jwt").bearer(),
				"typ application/at+jwt", TestIssuer.shared().token(ALICE).scopes("orders.read")
					.type("application/at+jwt").bearer(),
				"RFC 9068 form", TestIssuer.shared().token(ALICE).scopes("orders.read").rfc9068("platform-web").bearer(),
				"scp, array aud", TestIssuer.shared().token(ALICE).scopes("orders.read").scopesIn("scp")
					.scopesAsString().audiences("platform-api", "another-api").bearer());

		accepted.forEach((what, authorization) -> assertThat(get("/api/orders/" + orderId, "Authorization",
				authorization).status()).as(what).isEqualTo(200));
	}

	@Test
	void noTokenOrAnInvalidOneIsUnauthorized() {
		UUID customerId = customerService.customer(Answer.RESERVE);
		UUID orderId = placeOrder(customerId);
		Map<String, String> invalid = Map.of("none", NO_TOKEN,
				"expired", TestIssuer.shared().token(ALICE).scopes("orders.read", "orders.write")
					.expiredAgo(Duration.ofMinutes(5)).bearer(),
				"forged", TestIssuer.shared().token(ALICE).scopes("orders.read", "orders.write").forged().bearer(),
				"wrong issuer", TestIssuer.shared().token(ALICE).scopes("orders.read", "orders.write")
					.issuer("http://evil.example").bearer(),
				"wrong audience", TestIssuer.shared().token(ALICE).scopes("orders.read", "orders.write")
					.audience("other-api").bearer(),
				"no exp", TestIssuer.shared().token(ALICE).scopes("orders.read", "orders.write").withoutExpiry().bearer(),
				"lifetime over the limit", TestIssuer.shared().token(ALICE).scopes("orders.read", "orders.write")
					.lifetime(Duration.ofHours(2)).bearer());

		invalid.forEach((what, authorization) -> {
			for (Response response : List.of(get("/api/orders/" + orderId, "Authorization", authorization),
					post("/api/orders", orderJson(customerId, twoItems()), "Authorization", authorization),
					post("/api/orders/" + orderId + "/cancel", "", "Authorization", authorization))) {
				assertThat(response.status()).as(what + ": " + response.raw()).isEqualTo(401);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
						(value) -> assertThat(value).startsWith("Bearer"));
				JsonNode problem = response.body();
				assertThat(problem.get("status").asInt()).isEqualTo(401);
				assertThat(response.raw()).doesNotContain("Exception");
			}
		});
		assertThat(customerService.reservationsFor(customerId)).hasSize(1);
		assertThat(customerService.releasesFor(orderId)).isEmpty();
	}

	@Test
	void probesStayOnTheMainPortWithoutATokenAndActuatorIsOnlyOnTheManagementPort() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(get("/livez", "Authorization", NO_TOKEN).status()).isEqualTo(200);
		assertThat(get("/readyz", "Authorization", NO_TOKEN).status()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").status()).isEqualTo(404);
		assertThat(get("/actuator/health").status()).isEqualTo(404);
	}

}
