package com.example.platform.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service-to-service clients: notification-service reads any customer's contact details with its own identity
 * (scope customers.read.all), order-service releases any customer's credit for an order it gave up on (scope
 * credit.release.all), and neither scope is granted to any other client.
 */
class MachineClientsTests extends AuthServerHttpTestSupport {

	/** The default of NOTIFICATION_SERVICE_CLIENT_SECRET (application.yaml), as notification-service's default. */
	private static final String NOTIFICATION_SERVICE_SECRET = "notification-service-secret";

	/** The default of ORDER_SERVICE_CLIENT_SECRET (application.yaml), as order-service's default. */
	private static final String ORDER_SERVICE_SECRET = "order-service-secret";

	@Test
	void notificationServiceGetsATokenToReadAnyCustomer() {
		HttpResponse<String> response = token(basic("notification-service", NOTIFICATION_SERVICE_SECRET),
				"customers.read.all");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Jwt jwt = accessTokenDecoder()
			.decode(parse(response.body()).get("access_token").asString());
		assertThat(jwt.getSubject()).isEqualTo("notification-service");
		assertThat(scopes(jwt)).containsExactly("customers.read.all");
		assertThat(jwt.getAudience()).containsExactly("platform-api");
	}

	@Test
	void notificationServiceGetsNothingElse() {
		assertThat(token(basic("notification-service", NOTIFICATION_SERVICE_SECRET), "orders.read").statusCode())
			.isEqualTo(400);
		assertThat(token(basic("notification-service", "not-the-secret"), "customers.read.all").statusCode())
			.isEqualTo(401);
	}

	@Test
	void noOtherClientMayReadAnyCustomer() {
		HttpResponse<String> response = token(basic("platform-cli", CLI_SECRET), "customers.read.all");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_scope");
	}

	@Test
	void orderServiceGetsATokenToReleaseAnyCredit() {
		HttpResponse<String> response = token(basic("order-service", ORDER_SERVICE_SECRET), "credit.release.all");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Jwt jwt = accessTokenDecoder()
			.decode(parse(response.body()).get("access_token").asString());
		assertThat(jwt.getSubject()).isEqualTo("order-service");
		assertThat(scopes(jwt)).containsExactly("credit.release.all");
		assertThat(jwt.getAudience()).containsExactly("platform-api");
	}

	@Test
	void orderServiceGetsNothingElse() {
		for (String scope : List.of("orders.read", "orders.write", "customers.read", "customers.read.all")) {
			HttpResponse<String> response = token(basic("order-service", ORDER_SERVICE_SECRET), scope);
			assertThat(response.statusCode()).as("scope %s: %s", scope, response.body()).isEqualTo(400);
			assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_scope");
		}
		// Its own scope plus another one: refused as a whole
		assertThat(token(basic("order-service", ORDER_SERVICE_SECRET), "credit.release.all orders.write").statusCode())
			.isEqualTo(400);
		assertThat(token(basic("order-service", "not-the-secret"), "credit.release.all").statusCode()).isEqualTo(401);
	}

	@Test
	void noOtherClientMayReleaseAnyCredit() {
		for (String client : List.of("platform-cli", "notification-service")) {
			String secret = client.equals("platform-cli") ? CLI_SECRET : NOTIFICATION_SERVICE_SECRET;
			HttpResponse<String> response = token(basic(client, secret), "credit.release.all");

			assertThat(response.statusCode()).as(client).isEqualTo(400);
			assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_scope");
		}
	}

	private HttpResponse<String> token(String authorization, String scope) {
		return send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", authorization)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "client_credentials", "scope", scope)))
			.build());
	}

}
