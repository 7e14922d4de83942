package com.example.platform.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-principal rate limit (a token bucket per JWT subject, in Redis).
 *
 * @param replenishRate tokens added to a principal's bucket per second (the sustained request rate)
 * @param burstCapacity the bucket's size: how many requests a principal may make at once after being idle
 * @param requestedTokens tokens one request costs
 * @param whenRedisUnavailable what a request gets when Redis cannot be asked: {@code allow} (fail open, the default)
 * or {@code reject} (503 problem with Retry-After)
 * @param unavailableRetryAfter the Retry-After of those 503s (reject mode)
 * @param unavailableLogInterval Redis being unavailable is logged at most once per interval
 */
@ConfigurationProperties("platform.gateway.rate-limit")
record RateLimitProperties(@DefaultValue("20") int replenishRate, @DefaultValue("40") long burstCapacity,
		@DefaultValue("1") int requestedTokens, @DefaultValue("allow") WhenRedisUnavailable whenRedisUnavailable,
		@DefaultValue("5s") Duration unavailableRetryAfter, @DefaultValue("1m") Duration unavailableLogInterval) {

	RateLimitProperties {
		if (replenishRate < 1 || requestedTokens < 1 || burstCapacity < replenishRate) {
			throw new IllegalArgumentException("platform.gateway.rate-limit: replenish-rate and requested-tokens must be"
					+ " at least 1 and burst-capacity at least replenish-rate (got " + replenishRate + ", "
					+ requestedTokens + ", " + burstCapacity + ")");
		}
	}

	enum WhenRedisUnavailable {

		/** Fail open: the request goes on unlimited, counted and logged. */
		ALLOW,

		/** Fail closed: 503 problem with Retry-After. */
		REJECT

	}

}
