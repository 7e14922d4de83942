package com.example.platform.test.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OAuth2 issuer for tests of one service: an RSA signing key, its JWKS served over real HTTP
 * (so the service under test fetches and verifies keys exactly as it does against the real issuer), and a
 * builder for tokens, valid or broken in one chosen way. The cross-service suite uses the real auth-server.
 * One per JVM; the JWKS server is a daemon and dies with the JVM.
 */
public final class TestIssuer {

	/** The audience every platform service accepts (auth-server's {@code platform.auth.audience}). */
	public static final String AUDIENCE = "platform-api";

	private static volatile TestIssuer shared;

	private final RSAKey signingKey;

	/** Same key id, different key: what a forger who copied the header would sign with. */
	private final RSAKey forgedKey;

	private final String issuerUri;

	private TestIssuer(RSAKey signingKey, RSAKey forgedKey, String issuerUri) {
		this.signingKey = signingKey;
		this.forgedKey = forgedKey;
		this.issuerUri = issuerUri;
	}

	/** The JVM's issuer, started on first use. */
	public static TestIssuer shared() {
		TestIssuer issuer = shared;
		if (issuer == null) {
			synchronized (TestIssuer.class) {
				issuer = shared;
				if (issuer == null) {
					issuer = start();
					shared = issuer;
				}
			}
		}
		return issuer;
	}

	private static TestIssuer start() {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID("test-issuer-key").generate();
			RSAKey forged = new RSAKeyGenerator(2048).keyID("test-issuer-key").generate();
			byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/oauth2/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			server.createContext("/oauth2/token", TestIssuer::clientCredentialsToken);
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
			return new TestIssuer(key, forged, "http://127.0.0.1:" + server.getAddress().getPort());
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException("Could not start the test token issuer", ex);
		}
	}

	/**
	 * A client-credentials token endpoint, for services that call others with their own identity: any client id
	 * and secret are accepted (HTTP Basic or form), the token's subject is the client id and its scopes the
	 * requested ones.
	 */
	private static void clientCredentialsToken(HttpExchange exchange) throws IOException {
		String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Map<String, String> parameters = new HashMap<>();
		for (String pair : form.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		String clientId = parameters.get("client_id");
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null && authorization.startsWith("Basic ")) {
			String credentials = new String(Base64.getDecoder().decode(authorization.substring(6)),
					StandardCharsets.UTF_8);
			clientId = URLDecoder.decode(credentials.substring(0, credentials.indexOf(':')), StandardCharsets.UTF_8);
		}
		byte[] body;
		int status;
		if (!"client_credentials".equals(parameters.get("grant_type")) || clientId == null) {
			status = 400;
			body = "{\"error\":\"invalid_request\"}".getBytes(StandardCharsets.UTF_8);
		}
		else {
			status = 200;
			String scope = parameters.getOrDefault("scope", "");
			String token = shared().token(clientId).scopes(scope.isBlank() ? new String[0] : scope.split(" ")).value();
			body = ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":299"
					+ (scope.isBlank() ? "" : ",\"scope\":\"" + scope + "\"") + "}")
				.getBytes(StandardCharsets.UTF_8);
		}
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * Tokens signed with another issuer's key, for tests against a real issuer (the e2e suite hands auth-server
	 * this key): valid signatures on claims that issuer would never sign (expired, other audience...). Serves
	 * nothing; {@link #resourceServerProperties()} and {@link #tokenUri()} mean nothing on it.
	 */
	public static TestIssuer signingWith(RSAKey key, String issuerUri) {
		try {
			RSAKey forged = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
			return new TestIssuer(key, forged, issuerUri);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a key", ex);
		}
	}

	/** The {@code iss} of its tokens. */
	public String issuerUri() {
		return this.issuerUri;
	}

	/** Its client-credentials token endpoint (see {@link #clientCredentialsToken}). */
	public String tokenUri() {
		return this.issuerUri + "/oauth2/token";
	}

	/** Where its public keys are served. */
	public String jwkSetUri() {
		return this.issuerUri + "/oauth2/jwks";
	}

	/** Spring Boot's resource-server properties that make an application trust this issuer. */
	public Map<String, Object> resourceServerProperties() {
		return Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuerUri(),
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri(),
				"spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
	}

	/**
	 * As {@link #resourceServerProperties()}, but the keys are fetched from a port nobody listens on: the application
	 * trusts this issuer and cannot check any of its tokens (an issuer outage, as the resource server sees it).
	 */
	public Map<String, Object> resourceServerPropertiesWithUnreachableKeys() {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuerUri(),
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://127.0.0.1:" + closed + "/oauth2/jwks",
				"spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
	}

	/** A valid token for {@code subject} (no scopes yet); change what the test is about. */
	public TestToken token(String subject) {
		return new TestToken(this, subject);
	}

	RSAKey signingKey() {
		return this.signingKey;
	}

	RSAKey forgedKey() {
		return this.forgedKey;
	}

}
