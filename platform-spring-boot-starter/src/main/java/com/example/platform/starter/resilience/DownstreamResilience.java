package com.example.platform.starter.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * The resilience state of every downstream this service calls, by name: a circuit breaker, a
 * bulkhead, a retry budget and a backoff, built from {@link PlatformResilienceProperties}.
 * gRPC channels get it by channel name automatically; a RestClient adds
 * {@link #restInterceptor(String)} for the downstream it calls.
 */
public class DownstreamResilience {

	private final PlatformResilienceProperties properties;

	private final CircuitBreakerRegistry circuitBreakers;

	private final BulkheadRegistry bulkheads;

	private final @Nullable MeterRegistry meters;

	private final Map<String, Downstream> downstreams = new ConcurrentHashMap<>();

	public DownstreamResilience(PlatformResilienceProperties properties, CircuitBreakerRegistry circuitBreakers,
			BulkheadRegistry bulkheads, @Nullable MeterRegistry meters) {
		this.properties = properties;
		this.circuitBreakers = circuitBreakers;
		this.bulkheads = bulkheads;
		this.meters = meters;
	}

	public Downstream downstream(String name) {
		return this.downstreams.computeIfAbsent(name, this::create);
	}

	/** Breaker, bulkhead, retries (idempotent methods only), time limit and budget propagation for REST calls to {@code name}. */
	public ClientHttpRequestInterceptor restInterceptor(String name) {
		return new ResilienceRestInterceptor(downstream(name));
	}

	private Downstream create(String name) {
		PlatformResilienceProperties.Policy policy = this.properties.policyOf(name);
		CircuitBreaker breaker = this.circuitBreakers.circuitBreaker(name, CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(policy.getSlidingWindowSize())
			.minimumNumberOfCalls(policy.getMinimumNumberOfCalls())
			.failureRateThreshold(policy.getFailureRateThreshold())
			.waitDurationInOpenState(policy.getWaitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(policy.getPermittedCallsInHalfOpenState())
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.build());
		Bulkhead bulkhead = this.bulkheads.bulkhead(name, BulkheadConfig.custom()
			.maxConcurrentCalls(policy.getMaxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build());
		IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.getInitialBackoff(), 2.0,
				policy.getJitter());
		return new Downstream(name, policy, breaker, bulkhead,
				new RetryBudget(policy.getRetryBudgetRatio(), policy.getRetryBudgetFloor()), backoff,
				counter(name, "retry"), counter(name, "budget_exhausted"));
	}

	private @Nullable Counter counter(String name, String outcome) {
		return (this.meters != null) ? Counter.builder("platform.resilience.retries")
			.description("Retries made, and retries refused because the retry budget was spent")
			.tag("name", name)
			.tag("outcome", outcome)
			.register(this.meters) : null;
	}

	/** One downstream's resilience state. */
	public record Downstream(String name, PlatformResilienceProperties.Policy policy, CircuitBreaker circuitBreaker,
			Bulkhead bulkhead, RetryBudget retryBudget, IntervalFunction backoff, @Nullable Counter retries,
			@Nullable Counter budgetExhausted) {

		public Duration timeout() {
			return this.policy.getTimeout();
		}

		public int maxAttempts() {
			return this.policy.getMaxAttempts();
		}

		/** Whether a retry may be made after {@code attempt} attempts; counts it. */
		boolean mayRetry(int attempt) {
			if (attempt >= maxAttempts()) {
				return false;
			}
			if (!this.retryBudget.tryRetry()) {
				if (this.budgetExhausted != null) {
					this.budgetExhausted.increment();
				}
				return false;
			}
			if (this.retries != null) {
				this.retries.increment();
			}
			return true;
		}

		Duration backoffBefore(int retry) {
			return Duration.ofMillis(this.backoff.apply(retry));
		}

		Duration retryAfter() {
			return this.policy.getWaitInOpenState();
		}

	}

}
