package com.example.platform.auth;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser flow of the public client platform-web, by hand over real HTTP: login form, authorize, exchange. */
class AuthorizationCodeFlowTests extends BrowserTestSupport {

	@Test
	void demoUserLogsInWithPkceAndGetsAnAccessTokenForThePlatformApi() {
		String verifier = randomUrlSafe(32);
		String state = randomUrlSafe(16);
		String authorize = authorizeUrl(Map.of("code_challenge", s256(verifier), "code_challenge_method", "S256",
				"state", state));

		// 1. not logged in: the authorization endpoint sends the browser to the login page
		HttpResponse<String> toLogin = browse(HttpRequest.newBuilder(URI.create(authorize)).GET());
		assertThat(toLogin.statusCode()).isEqualTo(302);
		assertThat(location(toLogin)).isEqualTo(ISSUER + "/login");

		// 2. the login form carries a CSRF token; posting the demo user's credentials logs in
		HttpResponse<String> loginPage = browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).GET());
		assertThat(loginPage.statusCode()).isEqualTo(200);
		HttpResponse<String> loggedIn = postLogin(csrfToken(loginPage.body()), "demo", DEMO_PASSWORD);
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		// back to the saved authorization request
		assertThat(location(loggedIn)).startsWith(ISSUER + "/oauth2/authorize");

		// 3. logged in, no consent page (first-party client): the code goes to the registered redirect URI
		HttpResponse<String> toClient = browse(HttpRequest.newBuilder(URI.create(location(loggedIn))).GET());
		assertThat(toClient.statusCode()).isEqualTo(302);
		assertThat(location(toClient)).startsWith(REDIRECT_URI + "?");
		Map<String, String> callback = UriComponentsBuilder.fromUriString(location(toClient))
			.build()
			.getQueryParams()
			.toSingleValueMap();
		assertThat(callback).containsEntry("state", state).containsKey("code");

		// 4. the public client exchanges the code with the verifier, no secret
		HttpResponse<String> tokenResponse = exchange(callback.get("code"), verifier);
		assertThat(tokenResponse.statusCode()).isEqualTo(200);
		JsonNode tokens = parse(tokenResponse.body());
		assertThat(tokens.has("id_token")).isTrue();
		// public clients get no refresh token
		assertThat(tokens.has("refresh_token")).isFalse();

		Jwt accessToken = accessTokenDecoder().decode(tokens.get("access_token").asString());
		assertThat(accessToken.getSubject()).isEqualTo("demo");
		assertThat(accessToken.getAudience()).containsExactly("platform-api");
		assertThat(scopes(accessToken)).contains("orders.read", "orders.write");
		// the ID token stays addressed to the client, as OpenID Connect requires
		Jwt idToken = issuerDecoder().decode(tokens.get("id_token").asString());
		assertThat(idToken.getAudience()).containsExactly("platform-web");
		assertThat(idToken.getSubject()).isEqualTo("demo");

		// 5. a code is single use
		assertThat(exchange(callback.get("code"), verifier).statusCode()).isEqualTo(400);
	}

	@Test
	void wrongVerifierIsRejected() {
		String verifier = randomUrlSafe(32);
		String code = loginAndAuthorize(s256(verifier));

		HttpResponse<String> response = exchange(code, randomUrlSafe(32));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(parse(response.body()).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void authorizationWithoutPkceIsRefused() {
		loginAndAuthorize(s256(randomUrlSafe(32)));

		// platform-web requires a proof key: no code_challenge, no code (the error goes back to the client)
		HttpResponse<String> response = browse(HttpRequest.newBuilder(URI.create(authorizeUrl(Map.of()))).GET());

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).startsWith(REDIRECT_URI + "?").contains("error=invalid_request")
			.doesNotContain("code=");
	}

	@Test
	void wrongPasswordDoesNotLogIn() {
		browse(HttpRequest.newBuilder(URI.create(authorizeUrl(Map.of("code_challenge", s256(randomUrlSafe(32)),
				"code_challenge_method", "S256")))).GET());
		HttpResponse<String> loginPage = browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).GET());

		HttpResponse<String> response = postLogin(csrfToken(loginPage.body()), "demo", "wrong-password");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).isEqualTo(ISSUER + "/login?error");
	}

	@Test
	void loginWithoutCsrfTokenIsRefused() {
		browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).GET());

		HttpResponse<String> response = browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("username", "demo", "password", DEMO_PASSWORD))));

		assertThat(response.statusCode()).isEqualTo(403);
	}

}
