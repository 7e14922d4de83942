package com.example.platform.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code when-redis-unavailable=allow} (the default): fail open. Requests go through without rate-limit headers,
 * each is counted, the log says so once per interval, and the gateway stays ready.
 */
@TestPropertySource(properties = "platform.gateway.rate-limit.when-redis-unavailable=allow")
@ExtendWith(OutputCaptureExtension.class)
class GatewayRedisUnavailableAllowIT extends GatewayRedisUnavailableSupport {

	@Test
	void requestsGoThroughUnlimitedCountedAndLoggedOnce(CapturedOutput output) {
		double before = unavailable("allowed");
		String bearer = bearer("fail-open-" + UUID.randomUUID());
		long started = System.nanoTime();
		int requests = 30;
		for (int i = 0; i < requests; i++) {
			String path = "/api/customers/" + UUID.randomUUID();
			this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer).exchange()
				.expectStatus().isOk()
				.expectHeader().doesNotExist("X-RateLimit-Remaining")
				.expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER);
			assertThat(CUSTOMER_SERVICE.received(path)).isPresent();
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("[figures] gateway, Redis down, allow: %d requests all 200 in %d ms; counted %.0f%n",
				requests, millis, unavailable("allowed") - before);
		assertThat(unavailable("allowed") - before).isEqualTo(requests);
		assertThat(output.getAll().split("Redis is unavailable to the rate limiter", -1)).as("log lines").hasSizeLessThanOrEqualTo(2);
		assertThat(output.getAll()).contains("Redis is unavailable to the rate limiter")
			.doesNotContain("Error calling rate limiter lua");
	}

	@Test
	void theGatewayStaysReady() {
		this.client.get().uri("/readyz").exchange().expectStatus().isOk();
	}

}
