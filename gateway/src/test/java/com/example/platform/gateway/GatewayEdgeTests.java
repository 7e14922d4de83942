package com.example.platform.gateway;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.example.platform.test.security.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening of the edge: size limits, CORS, security headers, what is hidden (actuator, fallbacks, server software,
 * internal addresses). Figures are printed with the prefix [figures].
 */
class GatewayEdgeTests extends GatewayTestSupport {

	private static final int LIMIT = 256 * 1024;

	private static final String ALLOWED_ORIGIN = "http://127.0.0.1:3001";

	private final HttpClient http = HttpClient.newHttpClient();

	// --- body size

	@Test
	void aBodyDeclaredLargerThanTheLimitIs413ProblemAndGoesNowhere() throws Exception {
		String marker = UUID.randomUUID().toString();
		HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUri("/api/orders?m=" + marker))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(json(LIMIT + 1))));

		assertProblem(response, 413);
		assertThat(ORDER_SERVICE.received((request) -> request.uri().contains(marker))).isEmpty();
		System.out.printf("[figures] gateway body limit %d bytes: Content-Length %d -> %d%n", LIMIT, LIMIT + 1,
				response.statusCode());
	}

	@Test
	void aChunkedBodyThatGrowsBeyondTheLimitIs413ProblemAndGoesNowhere() throws Exception {
		String marker = UUID.randomUUID().toString();
		byte[] body = json(LIMIT + 40 * 1024);
		HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUri("/api/orders?m=" + marker))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			// Unknown length: sent chunked, no Content-Length
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

		assertProblem(response, 413);
		assertThat(ORDER_SERVICE.received((request) -> request.uri().contains(marker))).isEmpty();
		System.out.printf("[figures] gateway body limit %d bytes: chunked body of %d bytes -> %d%n", LIMIT,
				body.length, response.statusCode());
	}

	@Test
	void bodiesUpToTheLimitArriveWhole() throws Exception {
		for (boolean chunked : new boolean[] { false, true }) {
			String marker = UUID.randomUUID().toString();
			byte[] body = json(LIMIT);
			HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUri("/api/orders?m=" + marker))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
				.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
						: HttpRequest.BodyPublishers.ofByteArray(body)));

			assertThat(response.statusCode()).as("chunked " + chunked).isEqualTo(201);
			assertThat(ORDER_SERVICE.received((request) -> request.uri().contains(marker)))
				.hasValueSatisfying((request) -> assertThat(request.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body));
		}
	}

	// --- request target length

	@Test
	void aRequestTargetLongerThanTheLimitIs414ProblemWithATraceIdAndGoesNowhere() throws Exception {
		String marker = UUID.randomUUID().toString();
		// No token: refused before authentication, as Netty refused it before
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(gatewayUri("/api/orders/" + "a".repeat(4000) + "?m=" + marker)).GET());

		assertProblem(response, 414);
		assertThat(response.body()).contains("\"traceId\":");
		assertThat(ORDER_SERVICE.received((request) -> request.uri().contains(marker))).isEmpty();
	}

	@Test
	void aRequestTargetAtTheLimitIsRouted() throws Exception {
		String marker = UUID.randomUUID().toString();
		String path = "/api/orders?m=" + marker + "&pad=";
		HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUri(path + "p".repeat(4000 - path.length())))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.GET());

		assertThat(response.statusCode()).isNotEqualTo(414);
		assertThat(ORDER_SERVICE.received((request) -> request.uri().contains(marker))).isPresent();
	}

	// --- header size

	@Test
	void requestHeadersLargerThanTheLimitAre431WithoutInternals() throws Exception {
		// server.max-http-request-header-size is 16KB: one 20 KB header
		HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUri("/api/customers/1"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.token)
			.header("X-Padding", "x".repeat(20 * 1024))
			.GET());

		assertThat(response.statusCode()).isEqualTo(431);
		assertNoInternals(response.body(), response.headers().map().toString());
		System.out.printf("[figures] gateway header limit 16 KB: a 20 KB header -> %d, body %d bytes, headers %s%n",
				response.statusCode(), response.body().length(), response.headers().map());

		// Just under the limit still goes through
		this.client.get().uri("/api/customers/1").header("X-Padding", "x".repeat(12 * 1024)).exchange()
			.expectStatus().isOk();
	}

	// --- CORS

	@Test
	void aPreflightFromTheAllowedOriginIsAnsweredWithoutAToken() {
		this.anonymous.options().uri("/api/orders")
			.header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type, idempotency-key")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN)
			.expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> assertThat(methods).contains("POST"))
			.expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, (headers) -> assertThat(headers.toLowerCase())
				.contains("authorization", "content-type", "idempotency-key"))
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
	}

	@Test
	void aPreflightFromAnotherOriginIsA403Problem() {
		this.anonymous.options().uri("/api/orders")
			.header(HttpHeaders.ORIGIN, "http://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectBody().jsonPath("$.status").isEqualTo(403);
	}

	@Test
	void aPreflightForAHeaderOutsideThePolicyIsRefused() {
		this.anonymous.options().uri("/api/orders")
			.header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "x-internal-admin")
			.exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void aCrossOriginCallGetsTheGatewaysCorsHeadersOnlyAndMayReadTheRateLimitHeaders() {
		this.client.get().uri("/api/customers/" + UUID.randomUUID()).header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
			.exchange()
			.expectStatus().isOk()
			// the downstream's own "Access-Control-Allow-Origin: *" is not passed on
			.expectHeader().values(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, (values) -> assertThat(values).containsExactly(ALLOWED_ORIGIN))
			.expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, (exposed) -> assertThat(exposed)
				.contains("X-RateLimit-Remaining", "X-RateLimit-Replenish-Rate", "X-RateLimit-Burst-Capacity",
						"X-RateLimit-Requested-Tokens", "Retry-After"));
	}

	// --- security headers and what is hidden

	@Test
	void everyKindOfResponseCarriesTheSecurityHeaders() {
		List<WebTestClient.ResponseSpec> responses = List.of(
				this.client.get().uri("/api/customers/" + UUID.randomUUID()).exchange(), // routed, 200
				this.client.get().uri("/api/customers/1/status/404").exchange(), // a downstream's problem
				this.anonymous.get().uri("/api/orders").exchange(), // 401
				this.client.get().uri("/api/unknown").exchange(), // 404 of the gateway
				this.client.get().uri("/actuator/health").exchange(), // hidden, 404
				this.anonymous.get().uri("/livez").exchange(), // probe
				this.anonymous.method(HttpMethod.TRACE).uri("/api/orders").exchange()); // firewall, 400
		for (WebTestClient.ResponseSpec response : responses) {
			response.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader().valueEquals("X-Frame-Options", "DENY")
				.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
				.expectHeader().valueEquals("Referrer-Policy", "no-referrer")
				.expectHeader().value("Content-Security-Policy", (csp) -> assertThat(csp)
					.contains("default-src 'none'", "frame-ancestors 'none'"))
				.expectHeader().doesNotExist(HttpHeaders.SERVER)
				.expectHeader().doesNotExist("X-Powered-By");
		}
	}

	@Test
	void aRejectedMethodIsA400Problem() {
		this.client.method(HttpMethod.TRACE).uri("/api/orders").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/env",
			"/fallback/order-service", "/fallback/customer-service" })
	void actuatorAndFallbackPathsAre404ThroughTheGatewayWithOrWithoutToken(String path) {
		for (WebTestClient client : List.of(this.anonymous, this.client, this.anonymous.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, TestIssuer.shared().token("x").forged().bearer())
			.build())) {
			client.get().uri(path).exchange()
				.expectStatus().isNotFound()
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.status").isEqualTo(404);
			client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
				.expectStatus().isNotFound();
		}
	}

	@Test
	void theActuatorIsServedOnTheManagementPortOnly() {
		management().get().uri("/actuator/health").exchange().expectStatus().isOk();
		management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		// Probes stay on the main port for the orchestrator, without a token
		this.anonymous.get().uri("/livez").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/readyz").exchange().expectStatus().isOk();
	}

	@Test
	void unknownRoutesAre401WithoutTokenAnd404ProblemWithOne() {
		this.anonymous.get().uri("/nothing/here").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		this.client.get().uri("/nothing/here").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(404);
	}

	@Test
	void aMalformedTokenIsInvalidAndAnotherSchemeIsNoToken() {
		this.anonymous.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer not a jwt!").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.anonymous.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer abc.def.ghi").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		this.anonymous.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void serverSoftwareHeadersOfTheServicesAreStripped() {
		this.client.get().uri("/api/orders/" + UUID.randomUUID()).exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist(HttpHeaders.SERVER)
			.expectHeader().doesNotExist("X-Powered-By")
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectHeader().valueEquals("X-Frame-Options", "DENY");
	}

	@Test
	void aRefusedDownstreamIsNotNamedInTheAnswer() {
		EntityExchangeResult<byte[]> result = this.client.get().uri("/api/dead/x").exchange()
			.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody().returnResult();
		assertNoInternals(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8),
				result.getResponseHeaders().toString());
	}

	// --- internal addresses in Location

	@ParameterizedTest
	@ValueSource(strings = { "/api/customers", "/api/orders" })
	void aLocationNamingTheServiceInstanceBecomesRelativeToTheGateway(String prefix) throws Exception {
		String path = prefix + "/" + UUID.randomUUID() + "/absolute-location";
		FakeDownstream downstream = prefix.equals("/api/orders") ? ORDER_SERVICE : CUSTOMER_SERVICE;
		// The service itself names its own address
		HttpResponse<String> direct = send(HttpRequest.newBuilder(URI.create(downstream.uri() + path))
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(direct.headers().firstValue(HttpHeaders.LOCATION)).hasValue(downstream.uri() + path + "/42");

		EntityExchangeResult<byte[]> result = this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isCreated()
			.expectBody().returnResult();

		HttpHeaders headers = result.getResponseHeaders();
		assertThat(headers.getFirst(HttpHeaders.LOCATION)).isEqualTo(path + "/42");
		assertThat(headers.getFirst(HttpHeaders.CONTENT_LOCATION)).isEqualTo(path + "/42?view=full");
		// What a client makes of it: the gateway's address, as it reached it
		assertThat(gatewayUri(path).resolve(headers.getFirst(HttpHeaders.LOCATION)))
			.isEqualTo(gatewayUri(path + "/42"));
	}

	@Test
	void aLocationNamingAnotherHostPassesUnchanged() {
		this.client.post().uri("/api/customers/" + UUID.randomUUID() + "/foreign-location")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, FakeDownstream.FOREIGN_LOCATION);
	}

	private void assertNoInternals(String body, String headers) {
		for (String text : List.of(body, headers)) {
			assertThat(text).doesNotContain(String.valueOf(DEAD_PORT))
				.doesNotContain("127.0.0.1")
				.doesNotContain("localhost")
				.doesNotContainIgnoringCase("netty")
				.doesNotContainIgnoringCase("exception")
				.doesNotContain("\tat ")
				.doesNotContainPattern("\\b\\d+\\.\\d+\\.\\d+(-SNAPSHOT|\\.RELEASE)?\\b");
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(response.body()).contains("\"status\":" + status).contains("\"title\":").doesNotContain("Exception");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	/** A JSON document of exactly {@code size} bytes. */
	private static byte[] json(int size) {
		String prefix = "{\"pad\":\"";
		String suffix = "\"}";
		return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix).getBytes(StandardCharsets.UTF_8);
	}

}
