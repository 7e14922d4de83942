package com.example.platform.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClientCredentialsTests extends AuthServerHttpTestSupport {

	@Test
	void platformCliGetsASignedJwtForThePlatformApi() {
		Instant before = Instant.now();
		HttpResponse<String> response = token(basic("platform-cli", CLI_SECRET), "orders.read orders.write");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = parse(response.body());
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").asLong()).isBetween(290L, 300L);
		// client credentials never get a refresh token
		assertThat(body.has("refresh_token")).isFalse();

		// Verified with the published keys only, as the gateway and the services will
		Jwt jwt = accessTokenDecoder()
			.decode(body.get("access_token").asString());
		// RFC 9068: typ at+jwt, client_id, scope a space-separated string (the decoder requires the rest)
		assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("typ", "at+jwt").containsKey("kid");
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo("platform-cli");
		assertThat(jwt.getClaims().get("scope")).isInstanceOf(String.class);
		assertThat(jwt.getIssuer()).hasToString(ISSUER);
		assertThat(jwt.getAudience()).containsExactly("platform-api");
		assertThat(jwt.getSubject()).isEqualTo("platform-cli");
		assertThat(scopes(jwt)).containsExactlyInAnyOrder("orders.read", "orders.write");
		assertThat(jwt.getIssuedAt()).isCloseTo(before, within(Duration.ofSeconds(5)));
		assertThat(jwt.getExpiresAt()).isCloseTo(jwt.getIssuedAt().plus(Duration.ofMinutes(5)),
				within(Duration.ofSeconds(1)));
	}

	@Test
	void withoutAScopeParameterTheTokenCarriesNoScopeAtAll() {
		HttpResponse<String> response = token(basic("platform-cli", CLI_SECRET), null);

		assertThat(response.statusCode()).isEqualTo(200);
		Jwt jwt = accessTokenDecoder().decode(parse(response.body()).get("access_token").asString());
		assertThat(jwt.getSubject()).isEqualTo("platform-cli");
		// Spring Authorization Server grants no scope unless asked: callers must request what they need
		assertThat(jwt.hasClaim("scope")).isFalse();
	}

	@Test
	void secretInTheFormBodyWorksToo() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "client_credentials", "client_id", "platform-cli", "client_secret",
					CLI_SECRET, "scope", "customers.read")))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(parse(response.body()).get("scope").asString()).isEqualTo("customers.read");
	}

	@Test
	void wrongSecretIs401WithAnOAuth2ErrorBody() {
		HttpResponse<String> response = token(basic("platform-cli", "not-the-secret"), "orders.read");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_client");
		assertThat(response.body()).doesNotContain("Exception", "at org.");
	}

	@Test
	void unknownClientIs401() {
		HttpResponse<String> response = token(basic("nobody", "whatever"), null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void scopeTheClientDoesNotHaveIs400InvalidScope() {
		HttpResponse<String> response = token(basic("platform-cli", CLI_SECRET), "orders.read admin.everything");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_scope");
	}

	@Test
	void thePublicWebClientCannotUseClientCredentials() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "client_credentials", "client_id", "platform-web")))
			.build());

		// a client id without a secret (and without a PKCE verifier) authenticates no client
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("access_token");
	}

	private HttpResponse<String> token(String authorization, String scope) {
		Map<String, String> fields = (scope != null) ? Map.of("grant_type", "client_credentials", "scope", scope)
				: Map.of("grant_type", "client_credentials");
		return send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", authorization)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(fields))
			.build());
	}

}
