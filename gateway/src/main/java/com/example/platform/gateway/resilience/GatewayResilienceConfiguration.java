package com.example.platform.gateway.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes' circuit breakers get the platform's defaults (docs/resilience.md): a count window of 20
 * calls, judged after 10, open at 50% failures for 5 s, 3 trial calls. The time limit is the route's
 * {@code response-timeout} (its time budget), so the breaker's own time limiter (1 s by default in
 * Spring Cloud CircuitBreaker) is set out of its way.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayResilienceProperties.class)
class GatewayResilienceConfiguration {

	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> platformCircuitBreakerDefaults(
			GatewayResilienceProperties properties) {
		return (factory) -> factory.configureDefault((id) -> new Resilience4JConfigBuilder(id)
			.circuitBreakerConfig(CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(20)
				.minimumNumberOfCalls(10)
				.failureRateThreshold(50)
				.waitDurationInOpenState(properties.circuitBreakerWait())
				.permittedNumberOfCallsInHalfOpenState(3)
				.build())
			.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(Duration.ofMinutes(5)).build())
			.build());
	}

}
