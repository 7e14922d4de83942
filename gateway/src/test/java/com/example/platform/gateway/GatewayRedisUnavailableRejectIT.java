package com.example.platform.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code when-redis-unavailable=reject}: fail closed. Every request is a 503 problem with Retry-After and goes
 * nowhere; each is counted; the gateway stays ready (it still answers, with a clean 503).
 */
@TestPropertySource(properties = "platform.gateway.rate-limit.when-redis-unavailable=reject")
class GatewayRedisUnavailableRejectIT extends GatewayRedisUnavailableSupport {

	@Test
	void requestsAre503ProblemsWithRetryAfterAndGoNowhere() {
		double before = unavailable("rejected");
		String bearer = bearer("fail-closed-" + UUID.randomUUID());
		for (int i = 0; i < 10; i++) {
			String path = "/api/customers/" + UUID.randomUUID();
			this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer).exchange()
				.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().doesNotExist("X-RateLimit-Remaining")
				.expectBody()
				.jsonPath("$.status").isEqualTo(503)
				.jsonPath("$.detail").isNotEmpty()
				.jsonPath("$.instance").isEqualTo(path);
			assertThat(CUSTOMER_SERVICE.received(path)).isEmpty();
		}
		assertThat(unavailable("rejected") - before).isEqualTo(10);
	}

	@Test
	void unauthenticatedRequestsAreStill401() {
		this.client.get().uri("/api/customers/1").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void theGatewayStaysReady() {
		this.client.get().uri("/readyz").exchange().expectStatus().isOk();
	}

}
