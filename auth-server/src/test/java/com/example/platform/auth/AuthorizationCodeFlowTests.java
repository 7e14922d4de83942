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
class AuthorizationCodeFlowTests extends AuthServerHttpTestSupport {

	private static final String REDIRECT_URI = "http://127.0.0.1:3001/callback";

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	/** A browser: keeps the session cookie, does not follow redirects (each hop is asserted). */
	private final HttpClient browser = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

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

		Jwt accessToken = issuerDecoder().decode(tokens.get("access_token").asString());
		assertThat(accessToken.getSubject()).isEqualTo("demo");
		assertThat(accessToken.getAudience()).containsExactly("platform-api");
		assertThat(accessToken.getClaimAsStringList("scope")).contains("orders.read", "orders.write");
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

	/** Logs the demo user in and runs the authorization request; returns the code. */
	private String loginAndAuthorize(String challenge) {
		browse(HttpRequest.newBuilder(URI.create(authorizeUrl(Map.of("code_challenge", challenge,
				"code_challenge_method", "S256")))).GET());
		HttpResponse<String> loginPage = browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).GET());
		HttpResponse<String> loggedIn = postLogin(csrfToken(loginPage.body()), "demo", DEMO_PASSWORD);
		HttpResponse<String> toClient = browse(HttpRequest.newBuilder(URI.create(location(loggedIn))).GET());
		return UriComponentsBuilder.fromUriString(location(toClient)).build().getQueryParams().getFirst("code");
	}

	private HttpResponse<String> postLogin(String csrf, String username, String password) {
		return browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("username", username, "password", password, "_csrf", csrf))));
	}

	private HttpResponse<String> exchange(String code, String verifier) {
		return send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "authorization_code", "client_id", "platform-web", "code", code,
					"redirect_uri", REDIRECT_URI, "code_verifier", verifier)))
			.build());
	}

	private static String authorizeUrl(Map<String, String> extra) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", "platform-web");
		parameters.put("redirect_uri", REDIRECT_URI);
		parameters.put("scope", "openid orders.read orders.write");
		parameters.putAll(extra);
		StringBuilder url = new StringBuilder(ISSUER + "/oauth2/authorize?");
		parameters.forEach((name, value) -> url.append(encode(name)).append('=').append(encode(value)).append('&'));
		return url.substring(0, url.length() - 1);
	}

	private HttpResponse<String> browse(HttpRequest.Builder request) {
		try {
			// a browser asks for HTML: that is what sends it to the login page rather than a 401
			return this.browser.send(request.header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElseThrow();
	}

	private static String csrfToken(String loginPage) {
		Matcher matcher = CSRF_FIELD.matcher(loginPage);
		assertThat(matcher.find()).as("CSRF field in the login page").isTrue();
		return matcher.group(1);
	}

	private static String randomUrlSafe(int bytes) {
		byte[] random = new byte[bytes];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
