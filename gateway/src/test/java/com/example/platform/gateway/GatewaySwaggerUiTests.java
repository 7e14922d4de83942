package com.example.platform.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Swagger UI for every service, served by the gateway without a token: its page, its configuration listing the
 * three documents, each service's document routed to that service's /v3/api-docs, and a "try it out" call (the
 * committed document's server and a GET operation of it, with the bearer token the user enters) answered 200. The
 * UI's pages alone get their own Content-Security-Policy; every other path keeps the API's headers.
 */
class GatewaySwaggerUiTests extends GatewayTestSupport {

	/** The headers of every API response (SecurityHeadersWebFilter), as a browser must see them. */
	private static final Map<String, String> API_HEADERS = Map.of("X-Content-Type-Options", "nosniff",
			"X-Frame-Options", "DENY", "Content-Security-Policy",
			"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", "Referrer-Policy",
			"no-referrer", HttpHeaders.CACHE_CONTROL, "no-store", "Cross-Origin-Resource-Policy", "same-origin");

	private static final List<String> SERVICES = List.of("customer-service", "order-service", "notification-service");

	@Test
	void theUiPageAnswersWithoutATokenUnderItsOwnContentSecurityPolicy() {
		String location = this.anonymous.get().uri("/swagger-ui.html").exchange()
			.expectStatus().is3xxRedirection()
			.returnResult(Void.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
		assertThat(location).startsWith("/swagger-ui/index.html");

		String page = this.anonymous.get().uri(location).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; script-src 'self'; "
					+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
					+ "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("swagger-ui");
		// No inline script: every script is a file of the UI's own (script-src 'self')
		assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(page).find()).as("inline <script>").isFalse();
		for (String script : scripts(page)) {
			this.anonymous.get().uri("/swagger-ui/" + script).exchange().expectStatus().isOk();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theUiIsConfiguredWithEveryServicesDocumentOnly() {
		this.anonymous.get().uri("/v3/api-docs/swagger-config").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.urls[*].name").value((Object names) -> assertThat((List<Object>) names)
				.containsExactlyInAnyOrderElementsOf(SERVICES))
			.jsonPath("$.urls[*].url").value((Object urls) -> assertThat((List<Object>) urls).containsExactlyInAnyOrder(
					"/v3/api-docs/customer-service", "/v3/api-docs/order-service", "/v3/api-docs/notification-service"));
	}

	@Test
	void eachServicesDocumentIsRoutedToItWithoutAToken() {
		for (String service : SERVICES) {
			this.anonymous.get().uri("/v3/api-docs/" + service).exchange()
				.expectStatus().isOk()
				// The API's headers, not the UI's
				.expectHeader().value("Content-Security-Policy", (csp) -> assertThat(csp).startsWith("default-src 'none'; frame-ancestors"))
				.expectBody().jsonPath("$.service").isEqualTo(service).jsonPath("$.uri").isEqualTo("/v3/api-docs");
			assertThat(downstreamOf(service).received("/v3/api-docs")).as(service).isPresent();
			// Read-only, like the UI
			this.anonymous.post().uri("/v3/api-docs/" + service).exchange().expectStatus().isUnauthorized();
		}
	}

	@Test
	void aTryItOutCallWithTheEnteredTokenAnswers200() throws IOException {
		for (String service : SERVICES) {
			String document = Files.readString(Path.of("..", "contracts", "openapi", service + ".yaml"));
			assertThat(document).as(service + "'s server: the gateway's origin").contains("servers:\n- url: /\n");
			assertThat(document).as(service + " asks for a bearer token").contains("scheme: bearer");
			// Its first path without a parameter, with a GET operation: what the UI calls on "Execute"
			Matcher path = Pattern.compile("(?m)^  (/api/[a-z/-]+):\\n    get:").matcher(document);
			assertThat(path.find()).as(service + " has a GET without parameters").isTrue();

			this.client.get().uri(path.group(1)).accept(MediaType.APPLICATION_JSON).exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.service").isEqualTo(service);
			this.anonymous.get().uri(path.group(1)).exchange().expectStatus().isUnauthorized();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/customers", "/api/orders/1", "/api/unknown", "/livez", "/actuator/health",
			"/v3/api-docs/customer-service", "/v3/api-docs", "/swagger-ui.htmlx", "/webjars/other/x.js", "/swagger-uix/index.html",
			"/api/customers/swagger-ui.html" })
	void everyOtherPathKeepsTheApisSecurityHeaders(String path) {
		for (WebTestClient client : List.of(this.anonymous, this.client)) {
			for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
				WebTestClient.ResponseSpec response = client.method(method).uri(path).exchange();
				API_HEADERS.forEach((name, value) -> response.expectHeader().valueEquals(name, value));
			}
		}
	}

	private static List<String> scripts(String page) {
		Matcher script = Pattern.compile("<script[^>]*\\ssrc=\"\\./([^\"]+)\"").matcher(page);
		List<String> scripts = new java.util.ArrayList<>();
		while (script.find()) {
			scripts.add(script.group(1));
		}
		assertThat(scripts).isNotEmpty();
		return scripts;
	}

}
