package com.example.platform.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors the gateway itself produces. The problem+json rendering comes from the platform starter's WebFlux
 * error handler, not from this module.
 */
class GatewayErrorTests extends GatewayTestSupport {

	@Test
	void unknownRouteIsA404Problem() {
		this.client.get().uri("/api/unknown/things").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.title").isNotEmpty()
			.jsonPath("$.trace").doesNotExist();
	}

	@Test
	void downstreamThatIsNotRunningIsA503ProblemWithoutWaiting() {
		// Untimed first call: builds dead-service's load-balancer context, which a slow CI machine may take a while on
		this.client.get().uri("/api/dead/warm-up").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		long started = System.nanoTime();

		this.client.get().uri("/api/dead/anything").exchange()
			.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(503)
			.jsonPath("$.title").isNotEmpty()
			.jsonPath("$.trace").doesNotExist()
			.consumeWith((result) -> assertThat(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8))
				.as("no internals leaked").doesNotContain(String.valueOf(DEAD_PORT)).doesNotContainIgnoringCase("refused"));

		// Connection refused must fail fast, well inside the 2 s connect timeout
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

}
