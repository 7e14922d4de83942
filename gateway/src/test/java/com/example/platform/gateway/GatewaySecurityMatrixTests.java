package com.example.platform.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.TestToken;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public route and method against every way a token can be wrong. Expected: no token, expired, forged
 * signature, wrong issuer, wrong audience, no {@code exp}, a lifetime over {@code platform.security.jwt.max-lifetime}
 * -> 401; a valid token without the route's scope -> 403; a valid token with exactly that scope -> 2xx, the
 * downstream reached with the token unchanged, whether its {@code typ} is JWT, at+jwt or application/at+jwt, it is
 * in RFC 9068's form (auth-server's) or shaped like another provider's ({@code scp}, an array {@code aud}). Notifications are read-only
 * through the edge: any other method is 403 even with every scope. Each case is counted; all must hold.
 */
class GatewaySecurityMatrixTests extends GatewayTestSupport {

	private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
			HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

	/** Route prefix -> the service behind it. */
	private static final Map<String, String> ROUTES = new LinkedHashMap<>();

	static {
		ROUTES.put("/api/customers", "customer-service");
		ROUTES.put("/api/orders", "order-service");
		ROUTES.put("/api/notifications", "notification-service");
	}

	private final TestIssuer issuer = TestIssuer.shared();

	private final Map<String, int[]> tally = new LinkedHashMap<>();

	private final List<String> failures = new ArrayList<>();

	@Test
	void everyRouteAndMethodAnswersTheRightStatusForEveryKindOfToken() {
		for (Map.Entry<String, String> route : ROUTES.entrySet()) {
			for (String path : List.of(route.getKey(), route.getKey() + "/" + UUID.randomUUID())) {
				for (HttpMethod method : METHODS) {
					String scope = requiredScope(route.getKey(), method);
					List<String> otherScopes = Arrays.stream(ALL_SCOPES).filter((s) -> !s.equals(scope)).toList();
					// The broken tokens would be good enough otherwise (read-only routes: the read scope)
					String tokenScope = (scope != null) ? scope : "notifications.read";
					check("no token", route.getValue(), path, method, null, 401, "Bearer");
					check("expired", route.getValue(), path, method,
							valid(tokenScope).expiredAgo(Duration.ofMinutes(5)), 401, "Bearer error=\"invalid_token\"");
					check("forged signature", route.getValue(), path, method, valid(tokenScope).forged(), 401,
							"Bearer error=\"invalid_token\"");
					check("wrong issuer", route.getValue(), path, method, valid(tokenScope).issuer("http://evil.example"),
							401, "Bearer error=\"invalid_token\"");
					check("wrong audience", route.getValue(), path, method, valid(tokenScope).audience("other-api"), 401,
							"Bearer error=\"invalid_token\"");
					check("no exp", route.getValue(), path, method, valid(tokenScope).withoutExpiry(), 401,
							"Bearer error=\"invalid_token\"");
					check("lifetime over the limit", route.getValue(), path, method,
							valid(tokenScope).lifetime(Duration.ofHours(2)), 401, "Bearer error=\"invalid_token\"");
					if (scope != null) {
						check("missing scope", route.getValue(), path, method,
								this.issuer.token("matrix-" + UUID.randomUUID()).scopes(otherScopes.toArray(String[]::new)),
								403, "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
						check("valid (typ JWT)", route.getValue(), path, method, valid(scope), 2, null);
						check("valid, typ at+jwt", route.getValue(), path, method, valid(scope).type("at+jwt"), 2, null);
						check("valid, typ application/at+jwt", route.getValue(), path, method,
								valid(scope).type("application/at+jwt"), 2, null);
						check("valid, RFC 9068 form", route.getValue(), path, method,
								valid(scope).rfc9068("platform-cli"), 2, null);
						check("valid, scp and array aud", route.getValue(), path, method, valid(scope).scopesIn("scp")
							.scopesAsString()
							.audiences("platform-api", "another-api"), 2, null);
					}
					else {
						check("read-only route, every scope", route.getValue(), path, method, valid(ALL_SCOPES), 403,
								"Bearer error=\"insufficient_scope\"");
					}
				}
			}
		}
		int total = this.tally.values().stream().mapToInt((counts) -> counts[1]).sum();
		int passed = this.tally.values().stream().mapToInt((counts) -> counts[0]).sum();
		StringBuilder report = new StringBuilder("[figures] gateway security matrix (routes x methods x tokens):");
		this.tally.forEach((name, counts) -> report.append(String.format("%n  %-30s %3d/%3d as expected", name,
				counts[0], counts[1])));
		report.append(String.format("%n  total %d/%d = %.1f %%", passed, total, 100.0 * passed / total));
		System.out.println(report);
		assertThat(this.failures).as("cases that did not answer as expected").isEmpty();
		assertThat(total).isEqualTo(428);
	}

	/** The scope a route needs for a method, stated here independently of the gateway's platform.security.rules. */
	private static String requiredScope(String prefix, HttpMethod method) {
		boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
		return switch (prefix) {
			case "/api/customers" -> read ? "customers.read" : "customers.write";
			case "/api/orders" -> read ? "orders.read" : "orders.write";
			case "/api/notifications" -> read ? "notifications.read" : null;
			default -> throw new IllegalArgumentException(prefix);
		};
	}

	private TestToken valid(String... scopes) {
		return this.issuer.token("matrix-" + UUID.randomUUID()).scopes(scopes);
	}

	/**
	 * One request. {@code expected} 2 means any 2xx. The downstream must see the request (with the very same
	 * Authorization header) exactly when it is allowed.
	 */
	private void check(String kind, String service, String path, HttpMethod method, TestToken token, int expected,
			String wwwAuthenticate) {
		String marker = UUID.randomUUID().toString();
		String uri = path + "?case=" + marker;
		String authorization = (token != null) ? token.bearer() : null;
		WebTestClient.RequestBodySpec request = this.anonymous.method(method).uri(uri);
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"case\":\"" + marker + "\"}");
		}
		EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
		int status = result.getStatus().value();
		List<String> problems = new ArrayList<>();
		boolean statusOk = (expected == 2) ? status >= 200 && status < 300 : status == expected;
		if (!statusOk) {
			problems.add("status " + status);
		}
		FakeDownstream downstream = switch (service) {
			case "customer-service" -> CUSTOMER_SERVICE;
			case "order-service" -> ORDER_SERVICE;
			default -> NOTIFICATION_SERVICE;
		};
		var received = downstream.received((recorded) -> recorded.uri().equals(uri));
		if (expected == 2) {
			if (received.isEmpty()) {
				problems.add("downstream not reached");
			}
			else if (!authorization.equals(received.get().header(HttpHeaders.AUTHORIZATION))) {
				problems.add("token not relayed unchanged: " + received.get().header(HttpHeaders.AUTHORIZATION));
			}
		}
		else {
			if (received.isPresent()) {
				problems.add("downstream reached");
			}
			problems.addAll(problemShape(result, method, expected, path));
			String header = result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
			if (!wwwAuthenticate.equals(header)) {
				problems.add("WWW-Authenticate " + header);
			}
		}
		int[] counts = this.tally.computeIfAbsent(kind + " -> " + ((expected == 2) ? "2xx" : expected),
				(key) -> new int[2]);
		counts[1]++;
		if (problems.isEmpty()) {
			counts[0]++;
		}
		else {
			this.failures.add(kind + " " + method + " " + path + ": " + problems);
		}
	}

	private static List<String> problemShape(EntityExchangeResult<byte[]> result, HttpMethod method, int status,
			String path) {
		List<String> problems = new ArrayList<>();
		if (method == HttpMethod.HEAD) {
			return problems;
		}
		MediaType contentType = result.getResponseHeaders().getContentType();
		if (!MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType)) {
			problems.add("content type " + contentType);
		}
		String body = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
		Function<String, Boolean> has = body::contains;
		// The platform's problems leave "type" out when it is about:blank (RFC 9457 section 3.1.1: the same)
		if (body.contains("\"type\":") && !body.contains("\"type\":\"about:blank\"")) {
			problems.add("type other than about:blank: " + body);
		}
		for (String field : List.of("\"title\":", "\"status\":" + status, "\"detail\":",
				"\"instance\":\"" + path, "\"traceId\":")) {
			if (!has.apply(field)) {
				problems.add("body without " + field + ": " + body);
			}
		}
		// The reason a token failed is for the logs, not the caller
		for (String leak : List.of("expired", "signature", "Jwt", "iss", "aud", "Exception", "at com.", "at org.")) {
			if (body.contains(leak)) {
				problems.add("body mentions " + leak + ": " + body);
			}
		}
		return problems;
	}

}
