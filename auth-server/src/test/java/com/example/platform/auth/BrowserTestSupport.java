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

import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser for the demo user's authorization-code flow with platform-web, over real HTTP, for the tests. */
abstract class BrowserTestSupport extends AuthServerHttpTestSupport {

	static final String REDIRECT_URI = "http://127.0.0.1:3001/callback";

	static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	/** A browser: keeps the session cookie, does not follow redirects (each hop is asserted). */
	final HttpClient browser = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	/** Logs the demo user in and runs the authorization request; returns the code. */
	String loginAndAuthorize(String challenge) {
		browse(HttpRequest.newBuilder(URI.create(authorizeUrl(Map.of("code_challenge", challenge,
				"code_challenge_method", "S256")))).GET());
		HttpResponse<String> loginPage = browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).GET());
		HttpResponse<String> loggedIn = postLogin(csrfToken(loginPage.body()), "demo", DEMO_PASSWORD);
		HttpResponse<String> toClient = browse(HttpRequest.newBuilder(URI.create(location(loggedIn))).GET());
		return UriComponentsBuilder.fromUriString(location(toClient)).build().getQueryParams().getFirst("code");
	}

	HttpResponse<String> postLogin(String csrf, String username, String password) {
		return browse(HttpRequest.newBuilder(URI.create(ISSUER + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("username", username, "password", password, "_csrf", csrf))));
	}

	HttpResponse<String> exchange(String code, String verifier) {
		return send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "authorization_code", "client_id", "platform-web", "code", code,
					"redirect_uri", REDIRECT_URI, "code_verifier", verifier)))
			.build());
	}

	static String authorizeUrl(Map<String, String> extra) {
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

	HttpResponse<String> browse(HttpRequest.Builder request) {
		try {
			// a browser asks for HTML: that is what sends it to the login page rather than a 401
			return this.browser.send(request.header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElseThrow();
	}

	static String csrfToken(String loginPage) {
		Matcher matcher = CSRF_FIELD.matcher(loginPage);
		assertThat(matcher.find()).as("CSRF field in the login page").isTrue();
		return matcher.group(1);
	}

	static String randomUrlSafe(int bytes) {
		byte[] random = new byte[bytes];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
