package com.example.platform.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-principal limiter: Spring Cloud Gateway's {@link RedisRateLimiter} (Stripe's token bucket as one atomic
 * Lua script), configured from {@code platform.gateway.rate-limit.*}, applied by {@link PrincipalRateLimitWebFilter}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	/** Replaces the gateway's unconfigured default limiter; the Redis template and script come from the context. */
	@Bean
	RedisRateLimiter redisRateLimiter(RateLimitProperties properties) {
		return new RedisRateLimiter(properties.replenishRate(), properties.burstCapacity(),
				properties.requestedTokens());
	}

	@Bean
	PrincipalRateLimitWebFilter principalRateLimitWebFilter(RedisRateLimiter redisRateLimiter,
			RateLimitProperties properties, MeterRegistry meters) {
		return new PrincipalRateLimitWebFilter(redisRateLimiter, properties, meters);
	}

	/**
	 * While Lettuce has lost its connection to Redis, commands fail at once instead of queueing until the command
	 * timeout: with Redis down the limiter's decision (allow or reject) costs no waiting.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rateLimitFailFastWhenDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

}
