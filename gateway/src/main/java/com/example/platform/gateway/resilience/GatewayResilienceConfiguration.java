package com.example.platform.gateway.resilience;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes' circuit breakers get the platform's defaults (docs/resilience.md): a count window of 20
 * calls, judged after 10, open at 50% failures for 5 s, 3 trial calls.
 * <p>
 * What Spring Cloud CircuitBreaker adds around each route call by default is set out of the way, because
 * it cost every request work and, worse, failed healthy routes (measured in docs/benchmarks.md):
 * <ul>
 * <li>its semaphore bulkhead of 25 concurrent calls per route, without waiting: the 26th concurrent request
 * got a 503, and since the breaker counted that rejection as a failure of the service, a burst of more than
 * 25 concurrent clients opened the breaker and failed the whole route for 5 s (64 concurrent clients: 99.9 %
 * 503s). The services shed their own load (503 + Retry-After, per instance); the gateway's route limit is
 * {@code platform.gateway.max-concurrent-calls-per-route} (default 10000), and a full one is never counted
 * against the service;</li>
 * <li>its time limiter: a timer scheduled and cancelled per request. The route's {@code response-timeout}
 * (its time budget) is the time limit, enforced by the gateway's HTTP client, so the limiter is off.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayResilienceProperties.class)
class GatewayResilienceConfiguration {

	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> platformCircuitBreakerDefaults(
			GatewayResilienceProperties properties, ObjectProvider<Resilience4JConfigurationProperties> resilience4j) {
		// Read by the factory when a route's breaker is created (once per route, before the first request)
		resilience4j.ifAvailable((settings) -> settings.setDisableTimeLimiter(true));
		return (factory) -> factory.configureDefault((id) -> new Resilience4JConfigBuilder(id)
			.circuitBreakerConfig(CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(20)
				.minimumNumberOfCalls(10)
				.failureRateThreshold(50)
				.waitDurationInOpenState(properties.circuitBreakerWait())
				.permittedNumberOfCallsInHalfOpenState(3)
				// The gateway's own concurrency limit says nothing about the health of the service
				.ignoreExceptions(BulkheadFullException.class)
				.build())
			.build());
	}

	@Bean
	Customizer<ReactiveResilience4jBulkheadProvider> platformRouteBulkheadDefaults(
			GatewayResilienceProperties properties) {
		return (provider) -> provider.configureDefault((id) -> new Resilience4jBulkheadConfigurationBuilder()
			.bulkheadConfig(BulkheadConfig.custom()
				.maxConcurrentCalls(properties.maxConcurrentCallsPerRoute())
				.maxWaitDuration(java.time.Duration.ZERO)
				.build())
			.build());
	}

}
