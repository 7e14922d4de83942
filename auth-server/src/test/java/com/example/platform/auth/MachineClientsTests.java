package com.example.platform.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service-to-service clients: notification-service reads any customer's contact details with its own identity
 * (scope customers.read.all), and that scope is granted to no other client.
 */
class MachineClientsTests extends AuthServerHttpTestSupport {

	/** The default of NOTIFICATION_SERVICE_CLIENT_SECRET (application.yaml), as notification-service's default. */
	private static final String NOTIFICATION_SERVICE_SECRET = "notification-service-secret";

	@Test
	void notificationServiceGetsATokenToReadAnyCustomer() {
		HttpResponse<String> response = token(basic("notification-service", NOTIFICATION_SERVICE_SECRET),
				"customers.read.all");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Jwt jwt = NimbusJwtDecoder.withJwkSetUri(ISSUER + "/oauth2/jwks").build()
			.decode(parse(response.body()).get("access_token").asString());
		assertThat(jwt.getSubject()).isEqualTo("notification-service");
		assertThat(jwt.getClaimAsStringList("scope")).containsExactly("customers.read.all");
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

	private HttpResponse<String> token(String authorization, String scope) {
		return send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", authorization)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "client_credentials", "scope", scope)))
			.build());
	}

}
