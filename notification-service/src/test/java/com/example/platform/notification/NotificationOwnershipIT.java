package com.example.platform.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.client.RestClient;

import com.example.platform.test.security.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Defense in depth: notification-service checks tokens itself (401/403 as problems) and shows a principal only the
 * notifications of its own orders (OWASP API1); its customer lookups carry its own client-credentials token.
 */
class NotificationOwnershipIT extends IntegrationTestSupport {

	@Autowired
	private JwtDecoder jwtDecoder;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aPrincipalSeesOnlyTheNotificationsOfItsOwnOrders() {
		UUID customerId = customerService.addCustomer("ada");
		UUID alicesOrder = UUID.randomUUID();
		UUID bobsOrder = UUID.randomUUID();
		send(alicesOrder, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(alicesOrder, customerId, "1.00"));
		send(bobsOrder, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(bobsOrder, customerId, "2.00", "bob"));
		awaitNotificationsOfOrder(alicesOrder, 1);
		RestClient bob = as("bob", "notifications.read");
		await().atMost(DEADLINE).until(() -> list(bob, "orderId", bobsOrder).size() == 1);

		// Another principal's order or customer: an empty list, as for one without notifications
		assertThat(list(bob, "orderId", alicesOrder)).isEmpty();
		assertThat(list(bob, "customerId", customerId)).extracting((n) -> n.get("orderId"))
			.containsExactly(bobsOrder.toString());
		assertThat(notifications("orderId", bobsOrder)).isEmpty();
		assertThat(notifications("customerId", customerId)).extracting((n) -> n.get("orderId"))
			.containsExactly(alicesOrder.toString());
		assertThat(this.jdbc.sql("select owner from notification where order_id = :id").param("id", alicesOrder)
			.query(String.class).single()).isEqualTo(OWNER);
	}

	@Test
	void anEventWithoutOwnerIsNotifiedButShownToNobody() {
		UUID customerId = customerService.addCustomer("legacy");
		UUID orderId = UUID.randomUUID();

		send(orderId, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(orderId, customerId, "1.00", null));

		await().atMost(DEADLINE).until(() -> this.jdbc.sql("select count(*) from notification where order_id = :id")
			.param("id", orderId).query(Long.class).single() == 1);
		assertThat(notifications("orderId", orderId)).isEmpty();
	}

	@Test
	void theCustomerLookupCarriesTheServicesOwnClientCredentialsToken() {
		UUID customerId = customerService.addCustomer("grace");
		UUID orderId = UUID.randomUUID();

		send(orderId, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(orderId, customerId, "1.00"));
		awaitNotificationsOfOrder(orderId, 1);

		String authorization = customerService.authorization(customerId);
		assertThat(authorization).startsWith("Bearer ");
		// Valid for the platform (issuer, audience, signature), the service's own identity, allowed to read any customer
		Jwt token = this.jwtDecoder.decode(authorization.substring("Bearer ".length()));
		assertThat(token.getSubject()).isEqualTo("notification-service");
		assertThat(token.getClaimAsStringList("scope")).containsExactly("customers.read.all");
		assertThat(token.getAudience()).containsExactly(TestIssuer.AUDIENCE);
	}

	@Test
	void standardTokenTypesAndOtherProvidersShapesAreAccepted() {
		String uri = "/api/notifications?orderId=" + UUID.randomUUID();
		Map<String, String> accepted = Map.of(
				"typ at+jwt", TestIssuer.shared().token(OWNER).scopes("notifications.read").type("at+jwt").bearer(),
				"typ application/at+jwt", TestIssuer.shared().token(OWNER).scopes("notifications.read")
					.type("application/at+jwt").bearer(),
				"RFC 9068 form", TestIssuer.shared().token(OWNER).scopes("notifications.read").rfc9068("platform-web")
					.bearer(),
				"scp, array aud", TestIssuer.shared().token(OWNER).scopes("notifications.read").scopesIn("scp")
					.scopesAsString().audiences("platform-api", "another-api").bearer());

		accepted.forEach((what, authorization) -> assertThat(get(withAuthorization(authorization), uri).status().value())
			.as(what).isEqualTo(200));
	}

	@Test
	void aMissingScopeIsForbiddenAndNoOrAnInvalidTokenUnauthorized() {
		String uri = "/api/notifications?orderId=" + UUID.randomUUID();
		Map<String, RestClient> unauthorized = Map.of("none", withAuthorization(null),
				"expired", withAuthorization(TestIssuer.shared().token(OWNER).scopes("notifications.read")
					.expiredAgo(Duration.ofMinutes(5)).bearer()),
				"forged", withAuthorization(TestIssuer.shared().token(OWNER).scopes("notifications.read").forged().bearer()),
				"wrong issuer", withAuthorization(TestIssuer.shared().token(OWNER).scopes("notifications.read")
					.issuer("http://evil.example").bearer()),
				"wrong audience", withAuthorization(TestIssuer.shared().token(OWNER).scopes("notifications.read")
					.audience("other-api").bearer()),
				"no exp", withAuthorization(TestIssuer.shared().token(OWNER).scopes("notifications.read")
					.withoutExpiry().bearer()),
				"lifetime over the limit", withAuthorization(TestIssuer.shared().token(OWNER).scopes("notifications.read")
					.lifetime(Duration.ofHours(2)).bearer()));

		unauthorized.forEach((what, client) -> assertProblem(get(client, uri), 401, what));
		assertProblem(get(as(OWNER, "orders.read"), uri), 403, "orders.read only");
		assertProblem(get(as(OWNER), uri), 403, "no scope");
	}

	@Test
	void probesStayOnTheMainPortWithoutATokenAndActuatorIsOnlyOnTheManagementPort() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(get(withAuthorization(null), "/livez").status().value()).isEqualTo(200);
		assertThat(get(withAuthorization(null), "/readyz").status().value()).isEqualTo(200);
		assertThat(get(this.http, "/actuator/health").status().value()).isEqualTo(404);
		assertThat(get(this.http, "/actuator/deadletters").status().value()).isEqualTo(404);
		assertThat(this.management.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(200);
	}

	private static List<Map<String, Object>> list(RestClient client, String parameter, UUID value) {
		return client.get()
			.uri("/api/notifications?{parameter}={value}", parameter, value)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	private static Answer get(RestClient client, String uri) {
		return client.get().uri(uri).exchange((request, response) -> new Answer(response.getStatusCode(),
				response.getHeaders().getContentType(), response.getHeaders().getFirst("WWW-Authenticate"),
				new String(response.getBody().readAllBytes())));
	}

	private static void assertProblem(Answer answer, int status, String what) {
		assertThat(answer.status().value()).as(what + ": " + answer.body()).isEqualTo(status);
		assertThat(answer.contentType()).as(what).matches(MediaType.APPLICATION_PROBLEM_JSON::isCompatibleWith);
		assertThat(answer.body()).as(what).contains("\"status\":" + status).doesNotContain("Exception");
		assertThat(answer.wwwAuthenticate()).as(what).startsWith("Bearer");
	}

	record Answer(HttpStatusCode status, MediaType contentType, String wwwAuthenticate, String body) {
	}

}
