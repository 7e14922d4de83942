package com.example.platform.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * RFC 8414 2: the discovery documents advertise what works, and everything they advertise works. Each advertised
 * grant, client authentication method (token, revocation and introspection endpoints), response type, PKCE method
 * and scope is exercised end to end; a value this test does not know how to exercise fails it, so advertising
 * something new needs a test here. What Spring Authorization Server offers in general but this deployment cannot
 * honour is absent (mutual TLS, certificate-bound tokens, DPoP), and a DPoP proof does not bind a token.
 */
class AdvertisedMetadataTests extends BrowserTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	void everythingAdvertisedWorks(String document) throws Exception {
		JsonNode metadata = parse(get(document).body());

		for (String grant : strings(metadata, "grant_types_supported")) {
			String accessToken = switch (grant) {
				case "client_credentials" -> accessToken(clientCredentials("client_secret_basic", "orders.read"));
				case "authorization_code" -> accessToken(codeExchange("openid orders.read"));
				default -> fail("advertised grant without a test: " + grant);
			};
			assertThat(accessToken).as(grant).isNotBlank();
		}
		for (String method : strings(metadata, "token_endpoint_auth_methods_supported")) {
			HttpResponse<String> response = switch (method) {
				case "client_secret_basic", "client_secret_post" -> clientCredentials(method, "orders.read");
				// the public client authenticates with its PKCE verifier at the code exchange
				case "none" -> codeExchange("openid");
				default -> fail("advertised token endpoint auth method without a test: " + method);
			};
			assertThat(response.statusCode()).as(method + ": " + response.body()).isEqualTo(200);
			// the only token type issued, and the one every resource server of the platform accepts
			assertThat(parse(response.body()).get("token_type").asString()).as(method).isEqualTo("Bearer");
		}
		for (String method : strings(metadata, "revocation_endpoint_auth_methods_supported")) {
			String token = accessToken(clientCredentials("client_secret_basic", "orders.read"));
			assertThat(introspect(method, token).get("active").asBoolean()).as(method).isTrue();
			HttpResponse<String> revoked = clientRequest("/oauth2/revoke", method, Map.of("token", token));
			assertThat(revoked.statusCode()).as(method + ": " + revoked.body()).isEqualTo(200);
			assertThat(introspect(method, token).get("active").asBoolean()).as(method).isFalse();
		}
		for (String method : strings(metadata, "introspection_endpoint_auth_methods_supported")) {
			String token = accessToken(clientCredentials("client_secret_basic", "orders.read"));
			assertThat(introspect(method, token).get("active").asBoolean()).as(method).isTrue();
		}
		assertThat(strings(metadata, "response_types_supported")).as("exercised by the code exchange")
			.containsExactly("code");
		assertThat(strings(metadata, "code_challenge_methods_supported")).as("exercised by the code exchange")
			.containsExactly("S256");
		for (String scope : strings(metadata, "scopes_supported")) {
			assertThat(grantedSomewhere(scope)).as("scope " + scope + " is granted to some client").isTrue();
		}
		assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
		assertThat(metadata.has("dpop_signing_alg_values_supported")).isFalse();
		assertThat(metadata.has("device_authorization_endpoint")).isFalse();
		assertThat(metadata.has("pushed_authorization_request_endpoint")).isFalse();
	}

	@Test
	void aDpopProofDoesNotBindTheTokenSinceNoResourceServerHereAcceptsDpop() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", basic("platform-cli", CLI_SECRET))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", dpopProof(ISSUER + "/oauth2/token"))
			.POST(form(Map.of("grant_type", "client_credentials", "scope", "orders.read")))
			.build());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(parse(response.body()).get("token_type").asString()).isEqualTo("Bearer");
		assertThat(accessTokenDecoder().decode(accessToken(response)).hasClaim("cnf")).isFalse();
	}

	private boolean grantedSomewhere(String scope) {
		if (List.of("openid", "profile").contains(scope)) {
			return codeExchange(scope).statusCode() == 200;
		}
		Map<String, String> machineClients = Map.of("platform-cli", CLI_SECRET, "notification-service",
				"notification-service-secret", "order-service", "order-service-secret");
		return machineClients.entrySet()
			.stream()
			.anyMatch((client) -> send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
				.header("Authorization", basic(client.getKey(), client.getValue()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(form(Map.of("grant_type", "client_credentials", "scope", scope)))
				.build()).statusCode() == 200);
	}

	private HttpResponse<String> clientCredentials(String method, String scope) {
		return clientRequest("/oauth2/token", method, Map.of("grant_type", "client_credentials", "scope", scope));
	}

	private JsonNode introspect(String method, String token) {
		HttpResponse<String> response = clientRequest("/oauth2/introspect", method, Map.of("token", token));
		assertThat(response.statusCode()).as(method + ": " + response.body()).isEqualTo(200);
		return parse(response.body());
	}

	/** A request of platform-cli, authenticated with {@code method}. */
	private HttpResponse<String> clientRequest(String path, String method, Map<String, String> fields) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path))
			.header("Content-Type", "application/x-www-form-urlencoded");
		Map<String, String> body = new HashMap<>(fields);
		switch (method) {
			case "client_secret_basic" -> request.header("Authorization", basic("platform-cli", CLI_SECRET));
			case "client_secret_post" -> {
				body.put("client_id", "platform-cli");
				body.put("client_secret", CLI_SECRET);
			}
			default -> fail("advertised client authentication method without a test: " + method);
		}
		return send(request.POST(form(body)).build());
	}

	/** The demo user's login and the public client's code exchange (PKCE S256, no secret). */
	private HttpResponse<String> codeExchange(String scope) {
		this.browser.cookieHandler().ifPresent((cookies) -> ((java.net.CookieManager) cookies).getCookieStore().removeAll());
		String verifier = randomUrlSafe(32);
		browse(HttpRequest.newBuilder(URI.create(authorizeUrl(Map.of("scope", scope, "code_challenge",
				s256(verifier), "code_challenge_method", "S256")))).GET());
		HttpResponse<String> loginPage = browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).GET());
		HttpResponse<String> loggedIn = postLogin(csrfToken(loginPage.body()), "demo", DEMO_PASSWORD);
		HttpResponse<String> toClient = browse(HttpRequest.newBuilder(URI.create(location(loggedIn))).GET());
		String code = org.springframework.web.util.UriComponentsBuilder.fromUriString(location(toClient))
			.build()
			.getQueryParams()
			.getFirst("code");
		return exchange(code, verifier);
	}

	private static String accessToken(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return parse(response.body()).get("access_token").asString();
	}

	private static List<String> strings(JsonNode metadata, String name) {
		assertThat(metadata.has(name)).as(name).isTrue();
		return metadata.get(name).valueStream().map(JsonNode::asString).toList();
	}

	private static String dpopProof(String tokenEndpoint) throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build(),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
					.claim("htm", "POST")
					.claim("htu", tokenEndpoint)
					.issueTime(Date.from(Instant.now()))
					.build());
		proof.sign(new ECDSASigner(key));
		return proof.serialize();
	}

}
