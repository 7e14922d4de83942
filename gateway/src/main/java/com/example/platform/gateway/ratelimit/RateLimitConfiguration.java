package com.example.platform.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The per-principal limiter: Spring Cloud Gateway's {@link RedisRateLimiter} (Stripe's token bucket as one atomic
 * Lua script), configured from {@code platform.gateway.rate-limit.*}, applied by {@link PrincipalRateLimitWebFilter}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	/** The name {@link RedisRateLimiter} looks its script up by. */
	static final String RATE_LIMITER_SCRIPT_BEAN = "redisRequestRateLimiterScript";

	/** Replaces the gateway's unconfigured default limiter; the Redis template and script come from the context. */
	@Bean
	RedisRateLimiter redisRateLimiter(RateLimitProperties properties) {
		return new RedisRateLimiter(properties.replenishRate(), properties.burstCapacity(),
				properties.requestedTokens());
	}

	/**
	 * Spring Cloud Gateway's own token-bucket script, read once. The gateway's bean re-reads it on every request:
	 * its {@code ResourceScriptSource} asks the jar for the resource's modification time before each call, which
	 * opened a nested-jar URL per request and took 16 % of the gateway's CPU samples (docs/benchmarks.md). The
	 * bean keeps its name and text; only its source becomes a string whose SHA-1 is computed once.
	 */
	@Bean
	static BeanPostProcessor rateLimiterScriptReadOnce() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (RATE_LIMITER_SCRIPT_BEAN.equals(beanName) && bean instanceof RedisScript<?> script) {
					return RedisScript.of(script.getScriptAsString(), script.getResultType());
				}
				return bean;
			}
		};
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
