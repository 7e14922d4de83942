package com.example.platform.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refused protocol request answers in the shape its specification gives: a JSON {@code error} (RFC 6749
 * 5.2) and {@code WWW-Authenticate} where the client used HTTP authentication; an authorization error redirected to
 * a registered {@code redirect_uri} with {@code error} and {@code state} (4.1.2.1), else a 400 JSON {@code error};
 * RFC 6750's header at userinfo. Never an empty body, never the opaque "could not be processed".
 */
class ProtocolErrorTests extends BrowserTestSupport {

	private static final String BASIC_CHALLENGE = "Basic realm=\"oauth2\"";

	@Test
	void aTokenRequestWithoutClientAuthenticationIsInvalidClient() {
		assertClientError(post("/oauth2/token", null, Map.of("grant_type", "client_credentials")), 401,
				"invalid_client", BASIC_CHALLENGE);
	}

	@Test
	void thePublicClientWithoutCodeVerifierIsInvalidClient() {
		assertClientError(post("/oauth2/token", null, Map.of("grant_type", "authorization_code", "client_id",
				"platform-web", "code", "some-code", "redirect_uri", REDIRECT_URI)), 401, "invalid_client",
				BASIC_CHALLENGE);
	}

	@Test
	void refreshIsNotOfferedToAnyClient() {
		assertClientError(post("/oauth2/token", null,
				Map.of("grant_type", "refresh_token", "client_id", "platform-web", "refresh_token", "x")), 401,
				"invalid_client", BASIC_CHALLENGE);
		assertClientError(post("/oauth2/token", basic("platform-cli", CLI_SECRET),
				Map.of("grant_type", "refresh_token", "refresh_token", "x")), 400, "unsupported_grant_type", null);
		assertClientError(post("/oauth2/token", basic("platform-cli", CLI_SECRET),
				Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", "x",
						"subject_token_type", "urn:ietf:params:oauth:token-type:access_token")),
				400, "unsupported_grant_type", null);
	}

	@Test
	void revokeAndIntrospectAsThePublicClientAreInvalidClient() {
		assertClientError(post("/oauth2/revoke", null, Map.of("client_id", "platform-web", "token", "x")), 401,
				"invalid_client", BASIC_CHALLENGE);
		assertClientError(post("/oauth2/introspect", null, Map.of("client_id", "platform-web", "token", "x")), 401,
				"invalid_client", BASIC_CHALLENGE);
	}

	@Test
	void aWrongSecretOverBasicNamesTheSchemeAndOneInTheFormIsInvalidClientToo() {
		assertClientError(post("/oauth2/token", basic("platform-cli", "not-the-secret"),
				Map.of("grant_type", "client_credentials")), 401, "invalid_client", BASIC_CHALLENGE);
		assertClientError(post("/oauth2/token", null, Map.of("grant_type", "client_credentials", "client_id",
				"platform-cli", "client_secret", "not-the-secret")), 401, "invalid_client", null);
	}

	@Test
	void anUnsupportedResponseTypeIsRedirectedToTheRegisteredClientWithItsState() {
		HttpResponse<String> response = browse(HttpRequest.newBuilder(URI.create(authorize(Map.of("response_type",
				"token", "state", "state-1")))).GET());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).startsWith(REDIRECT_URI + "?")
			.contains("error=unsupported_response_type")
			.contains("state=state-1")
			.doesNotContain("access_token")
			.doesNotContain("code=");
	}

	@Test
	void anInvalidRequestIsNeverRedirectedToAnAddressNobodyRegistered() {
		Map<String, String> unregistered = Map.of("redirect_uri", "http://evil.example/callback", "state", "s");
		HttpResponse<String> code = browse(HttpRequest.newBuilder(URI.create(authorize(unregistered))).GET());
		assertJsonError(code, 400, "invalid_request");
		Map<String, String> tokenToEvil = new LinkedHashMap<>(unregistered);
		tokenToEvil.put("response_type", "token");
		assertJsonError(browse(HttpRequest.newBuilder(URI.create(authorize(tokenToEvil))).GET()), 400,
				"unsupported_response_type");
		assertJsonError(browse(HttpRequest.newBuilder(URI.create(authorize(Map.of("client_id", "nobody")))).GET()),
				400, "invalid_request");
	}

	@Test
	void logoutToAnUnregisteredAddressIsAnInvalidRequest() {
		String verifier = randomUrlSafe(32);
		String idToken = parse(exchange(loginAndAuthorize(s256(verifier)), verifier).body()).get("id_token")
			.asString();

		HttpResponse<String> response = browse(HttpRequest.newBuilder(URI.create(ISSUER
				+ "/connect/logout?id_token_hint=" + idToken + "&post_logout_redirect_uri="
				+ encode("http://evil.example/") + "&client_id=platform-web")).GET());

		assertJsonError(response, 400, "invalid_request");
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void userinfoAnswersWithRfc6750sHeaderAndItsResourceMetadataExists() {
		HttpResponse<String> noToken = get("/userinfo");
		assertThat(noToken.statusCode()).isEqualTo(401);
		String challenge = noToken.headers().firstValue("WWW-Authenticate").orElseThrow();
		assertThat(challenge).startsWith("Bearer resource_metadata=\"" + ISSUER + "/.well-known/oauth-protected-resource");
		// RFC 9728: the document it names is served (it was a redirect to the login page)
		HttpResponse<String> metadata = get("/.well-known/oauth-protected-resource");
		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(parse(metadata.body()).get("resource").asString()).isEqualTo(ISSUER);
		assertThat(parse(metadata.body()).has("tls_client_certificate_bound_access_tokens")).isFalse();

		String machineToken = parse(post("/oauth2/token", basic("platform-cli", CLI_SECRET),
				Map.of("grant_type", "client_credentials", "scope", "orders.read")).body()).get("access_token").asString();
		HttpResponse<String> noOpenId = send(HttpRequest.newBuilder(URI.create(ISSUER + "/userinfo"))
			.header("Authorization", "Bearer " + machineToken)
			.GET()
			.build());
		assertJsonError(noOpenId, 403, "insufficient_scope");
		assertThat(noOpenId.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer error=\"insufficient_scope\", scope=\"openid\"");
	}

	/** A PKCE authorization request of platform-web, with some parameters replaced. */
	private static String authorize(Map<String, String> overrides) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("code_challenge", s256(randomUrlSafe(32)));
		parameters.put("code_challenge_method", "S256");
		parameters.putAll(overrides);
		return authorizeUrl(parameters);
	}

	private HttpResponse<String> post(String path, String authorization, Map<String, String> fields) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(fields));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.build());
	}

	private static void assertClientError(HttpResponse<String> response, int status, String error, String challenge) {
		assertJsonError(response, status, error);
		if (challenge != null) {
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
		}
	}

	private static void assertJsonError(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(parse(response.body()).get("error").asString()).isEqualTo(error);
		assertThat(response.body()).doesNotContain("Exception", "could not be processed");
	}

}
