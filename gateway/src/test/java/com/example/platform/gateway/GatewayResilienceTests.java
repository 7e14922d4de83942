package com.example.platform.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines, hop limits and route circuit breakers at the edge, for a gateway that trusts its callers' control
 * headers ({@code honor}; the default strips them: {@link GatewayInboundControlHeadersTests}). Figures are printed
 * with the prefix [figures].
 */
@TestPropertySource(properties = "platform.gateway.inbound-control-headers=honor")
class GatewayResilienceTests extends GatewayTestSupport {

	@Test
	void theRoutesTimeBudgetAndTheHopLimitArePassedOn() {
		String path = "/api/customers/" + UUID.randomUUID();

		this.client.get().uri(path).exchange().expectStatus().isOk();

		FakeDownstream.RecordedRequest received = CUSTOMER_SERVICE.received(path).orElseThrow();
		assertThat(Long.parseLong(received.header("X-Request-Budget-Ms"))).isBetween(1L, 10_000L);
		assertThat(received.header("X-Hop-Limit")).isEqualTo("9");
	}

	@Test
	void aSmallerBudgetOfTheClientWins() {
		String path = "/api/orders/" + UUID.randomUUID();

		this.client.get().uri(path).header("X-Request-Budget-Ms", "1500").header("X-Hop-Limit", "4").exchange()
			.expectStatus().isOk();

		FakeDownstream.RecordedRequest received = ORDER_SERVICE.received(path).orElseThrow();
		assertThat(Long.parseLong(received.header("X-Request-Budget-Ms"))).isBetween(1L, 1500L);
		assertThat(received.header("X-Hop-Limit")).isEqualTo("3");
	}

	@Test
	void aRequestAtHopLimitZeroIsRefusedWith508AndGoesNowhere() {
		String path = "/api/customers/" + UUID.randomUUID();

		this.client.get().uri(path).header("X-Hop-Limit", "0").exchange()
			.expectStatus().isEqualTo(508)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(508);

		assertThat(CUSTOMER_SERVICE.received(path)).isEmpty();
	}

	@Test
	void aDeadServiceBehindABreakerGivesFast503ProblemsAndTheBreakerOpens() {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long start = System.nanoTime();
			this.client.post().uri("/api/guarded-dead/orders").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
				.exchange()
				.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().exists("Retry-After")
				.expectBody().jsonPath("$.status").isEqualTo(503);
			latencies.add((System.nanoTime() - start) / 1_000_000);
		}
		List<Long> whileOpen = new ArrayList<>(latencies.subList(10, 60));
		Collections.sort(whileOpen);
		long p99 = whileOpen.get(whileOpen.size() - 1);
		System.out.printf("[figures] gateway, dead service behind a route breaker: first call %d ms; 50 calls after "
				+ "the breaker opened: p50 %d ms, max %d ms%n", latencies.getFirst(), whileOpen.get(25), p99);
		management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
			.value((metrics) -> assertThat(metrics)
				.contains("resilience4j_circuitbreaker_state{")
				.containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"guarded-dead-service\"[^}]*state=\"open\"[^}]*\\} 1\\.0"));
		assertThat(p99).isLessThan(1000);
	}

}
