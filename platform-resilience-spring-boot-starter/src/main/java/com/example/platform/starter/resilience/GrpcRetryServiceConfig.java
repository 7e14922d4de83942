package com.example.platform.starter.resilience;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.resilience4j.retry.RetryConfig;

/**
 * gRPC's native retry, as a default service config per channel: only UNAVAILABLE (the server did
 * not process the call) is retried, with exponential backoff and jitter (gRPC randomizes every
 * backoff), and retry throttling is the budget: each failure costs a token, each success earns
 * {@code ratio}, and retries stop while fewer than half of {@code maxTokens} are left, so a dead
 * downstream sees only a handful of retries before they stop.
 */
final class GrpcRetryServiceConfig {

	private GrpcRetryServiceConfig() {
	}

	/** The downstream's Resilience4j retry settings (attempts, first backoff) and the platform's retry budget. */
	static void apply(RetryConfig retry, PlatformResilienceProperties.RetryBudgetSettings budget,
			Map<String, Object> serviceConfig) {
		if (retry.getMaxAttempts() <= 1) {
			return;
		}
		// gRPC randomizes every backoff itself; the first wait of the Resilience4j retry is its scale
		double backoffSeconds = retry.getIntervalBiFunction().apply(1, null) / 1e3;
		Map<String, Object> retryPolicy = Map.of("maxAttempts", (double) Math.min(5, retry.getMaxAttempts()),
				"initialBackoff", String.format(Locale.ROOT, "%.3fs", backoffSeconds), "maxBackoff",
				String.format(Locale.ROOT, "%.3fs", Math.max(backoffSeconds, 1.0)), "backoffMultiplier", 2.0,
				"retryableStatusCodes", List.of("UNAVAILABLE"));
		serviceConfig.putIfAbsent("methodConfig", List.of(Map.of("name", List.of(Map.of()), "retryPolicy", retryPolicy)));
		serviceConfig.putIfAbsent("retryThrottling", Map.of("maxTokens",
				(double) Math.max(2, 2 * budget.floor()), "tokenRatio", budget.ratio()));
	}

}
