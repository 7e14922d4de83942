package com.example.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running auth-server shared by every HTTP test class (same annotations and properties, so one context).
 * <p>
 * The port is chosen before the context starts so the issuer can be the server's real URL, as in production:
 * then the discovery document's URLs work and tokens verify exactly the way a resource server configured with
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} verifies them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
abstract class AuthServerHttpTestSupport {

	static final int PORT = freePort();

	static final String ISSUER = "http://127.0.0.1:" + PORT;

	/** Actuator's own port (management.server.port), chosen like {@link #PORT}. */
	static final int MANAGEMENT_PORT = freePort();

	static final String CLI_SECRET = "cli-secret-for-tests";

	static final String DEMO_PASSWORD = "demo-password-for-tests";

	static final JsonMapper json = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
		registry.add("spring.security.oauth2.authorizationserver.issuer", () -> ISSUER);
		// Same values the environment variables would set
		registry.add("spring.security.oauth2.authorizationserver.client.platform-cli.registration.client-secret",
				() -> "{noop}" + CLI_SECRET);
		registry.add("platform.auth.demo-user.password", () -> DEMO_PASSWORD);
	}

	/**
	 * The decoder a resource server builds from the issuer URI alone (discovery, JWKS, issuer check) with Spring
	 * Security's defaults, which accept {@code typ} JWT only: right for ID tokens.
	 */
	static JwtDecoder issuerDecoder() {
		return JwtDecoders.fromIssuerLocation(ISSUER);
	}

	/**
	 * The decoder of a resource server that validates access tokens by RFC 9068 (Spring Security's
	 * {@code JwtValidators.createAtJwtValidator()}: {@code typ} at+jwt, {@code exp}, {@code iat}, {@code sub},
	 * {@code jti}, {@code client_id} required, issuer and audience), keys from the published JWKS.
	 */
	static JwtDecoder accessTokenDecoder() {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(ISSUER + "/oauth2/jwks").build();
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(ISSUER).audience("platform-api").build());
		return decoder;
	}

	/** The space-separated {@code scope} of an RFC 9068 access token, split. */
	static List<String> scopes(Jwt accessToken) {
		String scope = accessToken.getClaimAsString("scope");
		return (scope == null) ? List.of() : List.of(scope.split(" "));
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(ISSUER + path)).GET().build());
	}

	/** A GET on the management port (actuator). */
	HttpResponse<String> getManagement(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + path)).GET().build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static HttpRequest.BodyPublisher form(Map<String, String> fields) {
		return HttpRequest.BodyPublishers.ofString(fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&")));
	}

	static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static JsonNode parse(String body) {
		return json.readTree(body);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
