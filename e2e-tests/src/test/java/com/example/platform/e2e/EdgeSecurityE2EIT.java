package com.example.platform.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.platform.e2e.GatewayClient.Response;
import com.example.platform.test.security.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security matrix over every public route, through the real gateway, with tokens from the real auth-server
 * (and tokens signed with its own key whose claims it would never sign): no token, expired, forged signature,
 * wrong issuer, wrong audience -> 401; a missing scope -> 403; another principal's resource -> 404 (or, for a
 * list, none of it); a valid token -> 2xx. Then the edge's hardening: oversized body and headers, actuator,
 * unknown routes, security headers, and services refusing callers that bypass the gateway.
 */
class EdgeSecurityE2EIT {

	private static RunningPlatform platform;

	/** "alice": the platform's command-line client. */
	private static GatewayClient alice;

	private static String aliceToken;

	/** "bob": another principal, every scope, none of alice's resources. */
	private static GatewayClient bob;

	private static String aliceCustomer;

	private static String aliceOrder;

	@BeforeAll
	static void startPlatform() {
		platform = RunningPlatform.get();
		aliceToken = platform.clientToken(RunningPlatform.CLIENT_ID, RunningPlatform.CLIENT_SECRET,
				RunningPlatform.ALL_SCOPES);
		alice = new GatewayClient(platform.gatewayUrl(), aliceToken);
		bob = new GatewayClient(platform.gatewayUrl(), platform.clientToken(RunningPlatform.OTHER_CLIENT_ID,
				RunningPlatform.OTHER_CLIENT_SECRET, RunningPlatform.ALL_SCOPES));
		aliceCustomer = alice.post("/api/customers", customerJson("1000.00")).field("id");
		aliceOrder = alice.post("/api/orders", orderJson(aliceCustomer)).field("id");
		assertThat(aliceOrder).isNotNull();
	}

	@Test
	void everyPublicRouteAnswersEveryKindOfCallerAsSpecified() {
		List<Route> routes = List.of(
				new Route("GET", "/api/customers", null, "customers.read", Ownership.LIST),
				new Route("POST", "/api/customers", () -> customerJson("10.00"), "customers.write", Ownership.NONE),
				new Route("GET", "/api/customers/" + aliceCustomer, null, "customers.read", Ownership.NOT_FOUND),
				new Route("GET", "/api/customers/" + aliceCustomer + "/order-statistics", null, "customers.read",
						Ownership.NOT_FOUND),
				new Route("GET", "/api/orders", null, "orders.read", Ownership.LIST),
				// bob ordering on alice's customer: the customer is not his (customer-service checks over gRPC)
				new Route("POST", "/api/orders", () -> orderJson(aliceCustomer), "orders.write",
						Ownership.UNPROCESSABLE),
				new Route("GET", "/api/orders/" + aliceOrder, null, "orders.read", Ownership.NOT_FOUND),
				new Route("GET", "/api/notifications?customerId=" + aliceCustomer, null, "notifications.read",
						Ownership.LIST),
				new Route("GET", "/api/notifications?orderId=" + aliceOrder, null, "notifications.read",
						Ownership.LIST),
				// last: the valid call cancels the order
				new Route("POST", "/api/orders/" + aliceOrder + "/cancel", null, "orders.write",
						Ownership.NOT_FOUND));

		TestIssuer signer = platform.issuerKey();
		String subject = RunningPlatform.CLIENT_ID;
		Map<String, Supplier<String>> invalid = new LinkedHashMap<>();
		invalid.put("no token", () -> null);
		invalid.put("expired", () -> allScopes(signer.token(subject)).expiredAgo(Duration.ofMinutes(10)).value());
		invalid.put("forged signature", () -> allScopes(signer.token(subject)).forged().value());
		invalid.put("wrong issuer", () -> allScopes(signer.token(subject)).issuer("http://issuer.invalid").value());
		invalid.put("wrong audience", () -> allScopes(signer.token(subject)).audience("another-api").value());

		List<String> failures = new ArrayList<>();
		int cases = 0;
		for (Route route : routes) {
			for (Map.Entry<String, Supplier<String>> token : invalid.entrySet()) {
				cases++;
				Response response = as(token.getValue().get()).send(route.method(), route.path(), route.body(), Map.of());
				check(failures, route, token.getKey(), response, 401);
				if (response.status() == 401 && !response.contentType().startsWith("application/problem+json")) {
					failures.add(route + " " + token.getKey() + ": not a problem body");
				}
			}

			cases++;
			String[] otherScopes = java.util.Arrays.stream(RunningPlatform.ALL_SCOPES)
				.filter((scope) -> !scope.equals(route.scope()))
				.toArray(String[]::new);
			Response missingScope = as(platform.clientToken(RunningPlatform.CLIENT_ID, RunningPlatform.CLIENT_SECRET,
					otherScopes)).send(route.method(), route.path(), route.body(), Map.of());
			check(failures, route, "missing scope " + route.scope(), missingScope, 403);

			if (route.ownership() != Ownership.NONE) {
				cases++;
				Response other = bob.send(route.method(), route.path(), route.body(), Map.of());
				switch (route.ownership()) {
					case NOT_FOUND -> check(failures, route, "another principal", other, 404);
					case UNPROCESSABLE -> check(failures, route, "another principal", other, 422);
					case LIST -> {
						boolean nothingOfAlice = (other.status() == 200 && !other.text().contains(aliceCustomer)
								&& !other.text().contains(aliceOrder)) || other.status() == 404;
						if (!nothingOfAlice) {
							failures.add(route + " another principal: " + other.status() + " " + other.text());
						}
					}
					default -> throw new IllegalStateException();
				}
			}

			cases++;
			Response valid = alice.send(route.method(), route.path(), route.body(), Map.of());
			if (valid.status() < 200 || valid.status() > 299) {
				failures.add(route + " valid token: " + valid.status() + " " + valid.text());
			}
			else if (route.ownership() == Ownership.LIST) {
				assertThat(valid.text()).as(route + " lists alice's resource").containsAnyOf(aliceCustomer, aliceOrder);
			}
		}
		System.out.printf("[figures] security matrix: %d routes, %d cases, %d as specified%n", routes.size(), cases,
				cases - failures.size());
		assertThat(failures).as("cases answered otherwise than specified").isEmpty();
	}

	@Test
	void theServicesRefuseCallersThatBypassTheGateway() {
		TestIssuer signer = platform.issuerKey();
		for (String service : List.of("customer-service", "order-service", "notification-service")) {
			GatewayClient anonymous = new GatewayClient(platform.serviceUrl(service), null);
			GatewayClient forged = new GatewayClient(platform.serviceUrl(service),
					allScopes(signer.token(RunningPlatform.CLIENT_ID)).forged().value());
			String path = switch (service) {
				case "customer-service" -> "/api/customers";
				case "order-service" -> "/api/orders";
				default -> "/api/notifications?orderId=" + aliceOrder;
			};
			assertThat(anonymous.get(path).status()).as(service + " without a token").isEqualTo(401);
			assertThat(forged.get(path).status()).as(service + " with a forged token").isEqualTo(401);
			assertThat(new GatewayClient(platform.serviceUrl(service), aliceToken).get(path).status())
				.as(service + " with alice's token").isEqualTo(200);
		}
	}

	@Test
	void oversizedBodiesAndHeadersAreRefusedBeforeAnyService() {
		String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
		Response body = alice.send("POST", "/api/customers", huge, Map.of());
		assertThat(body.status()).isEqualTo(413);

		Response header = alice.send("GET", "/api/customers", null, Map.of("X-Filler", "y".repeat(64 * 1024)));
		assertThat(header.status()).isEqualTo(431);
		System.out.printf("[figures] 2 MiB body -> %d, 64 KiB header -> %d%n", body.status(), header.status());
	}

	@Test
	void actuatorIsNotReachableThroughTheGatewayAndUnknownRoutesAre404() {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/env",
				"/actuator/gateway/routes", "/api/nothing-here")) {
			Response withToken = alice.get(path);
			assertThat(withToken.status()).as(path + " with a token").isEqualTo(404);
			assertThat(withToken.text()).doesNotContain("\"status\":\"UP\"");
		}
		// A path that climbs out of a route is refused before routing (Spring Security's firewall): a 400 problem
		Response climbing = alice.get("/api/customers/../actuator/health");
		assertThat(climbing.status()).isEqualTo(400);
		assertThat(climbing.text()).doesNotContain("\"status\":\"UP\"");
		// Where it is: the management port of each process, never routed
		assertThat(new GatewayClient(platform.managementUrl("gateway"), null).get("/actuator/health").status())
			.isEqualTo(200);
	}

	@Test
	void everyAnswerCarriesTheSecurityHeadersAndNoServerDetails() {
		for (Response response : List.of(alice.get("/api/customers"), alice.get("/api/nothing-here"),
				as(null).get("/api/orders"))) {
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
					(value) -> assertThat(value).contains("no-store"));
			assertThat(response.headers().firstValue("Server")).isEmpty();
			assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
			assertThat(response.text()).doesNotContain("127.0.0.1").doesNotContain("Exception");
		}
	}

	private static GatewayClient as(String token) {
		return new GatewayClient(platform.gatewayUrl(), token);
	}

	private static com.example.platform.test.security.TestToken allScopes(
			com.example.platform.test.security.TestToken token) {
		return token.scopes(RunningPlatform.ALL_SCOPES);
	}

	private static void check(List<String> failures, Route route, String caller, Response response, int expected) {
		if (response.status() != expected) {
			failures.add(route + " " + caller + ": expected " + expected + ", got " + response.status() + " "
					+ response.text());
		}
	}

	private static String customerJson(String creditLimit) {
		return "{\"name\":\"Alice\",\"email\":\"alice-" + UUID.randomUUID() + "@example.com\",\"creditLimit\":"
				+ creditLimit + "}";
	}

	private static String orderJson(String customerId) {
		return "{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"SKU-S\",\"quantity\":1,\"unitPrice\":1.00}]}";
	}

	enum Ownership {

		/** Creates a new resource of the caller: nothing of anybody else's to see. */
		NONE,
		/** Another principal's resource by id: 404, as if it did not exist. */
		NOT_FOUND,
		/** Another principal's resource named in the body: 422, the same as an unknown one. */
		UNPROCESSABLE,
		/** A list: another principal sees none of it. */
		LIST

	}

	record Route(String method, String path, Supplier<String> bodies, String scope, Ownership ownership) {

		String body() {
			return (this.bodies == null) ? null : this.bodies.get();
		}

		@Override
		public String toString() {
			return this.method + " " + this.path.replaceAll("[0-9a-f-]{36}", "{id}");
		}

	}

}
