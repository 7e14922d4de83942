package com.example.platform.starter.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The resilience state of every downstream this service calls, by name: Resilience4j's circuit breaker, bulkhead,
 * retry and time limit of that name (configured by {@code resilience4j.*} properties, defaults in the starter), and
 * the platform's retry budget. gRPC channels get it by channel name, HTTP service groups
 * ({@code @ImportHttpServices(group = ...)}) by group name, automatically.
 */
public class DownstreamResilience {

	private final PlatformResilienceProperties.RetryBudgetSettings retryBudget;

	private final CircuitBreakerRegistry circuitBreakers;

	private final BulkheadRegistry bulkheads;

	private final RetryRegistry retries;

	private final TimeLimiterRegistry timeLimiters;

	private final @Nullable MeterRegistry meters;

	private final Map<String, Downstream> downstreams = new ConcurrentHashMap<>();

	public DownstreamResilience(PlatformResilienceProperties.RetryBudgetSettings retryBudget,
			CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, RetryRegistry retries,
			TimeLimiterRegistry timeLimiters, @Nullable MeterRegistry meters) {
		this.retryBudget = retryBudget;
		this.circuitBreakers = circuitBreakers;
		this.bulkheads = bulkheads;
		this.retries = retries;
		this.timeLimiters = timeLimiters;
		this.meters = meters;
	}

	public Downstream downstream(String name) {
		return this.downstreams.computeIfAbsent(name, this::create);
	}

	private Downstream create(String name) {
		return new Downstream(name, this.timeLimiters.timeLimiter(name).getTimeLimiterConfig().getTimeoutDuration(),
				this.circuitBreakers.circuitBreaker(name), this.bulkheads.bulkhead(name),
				this.retries.retry(name).getRetryConfig(),
				new RetryBudget(this.retryBudget.ratio(), this.retryBudget.floor()), counter(name, "retry"),
				counter(name, "budget_exhausted"));
	}

	private @Nullable Counter counter(String name, String outcome) {
		return (this.meters != null) ? Counter.builder("platform.resilience.retries")
			.description("Retries made, and retries refused because the retry budget was spent")
			.tag("name", name)
			.tag("outcome", outcome)
			.register(this.meters) : null;
	}

	/**
	 * One downstream's resilience state.
	 *
	 * @param timeout the time limit of one call where it is set per call (Resilience4j's time limiter of this name):
	 * gRPC deadlines, capped further by the request's remaining budget, and the services' token-endpoint clients. An
	 * HTTP service group's calls are limited by the group's read timeout instead
	 */
	public record Downstream(String name, Duration timeout, CircuitBreaker circuitBreaker, Bulkhead bulkhead,
			RetryConfig retry, RetryBudget retryBudget, @Nullable Counter retries, @Nullable Counter budgetExhausted) {

		public int maxAttempts() {
			return this.retry.getMaxAttempts();
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
			return Duration.ofMillis(this.retry.getIntervalBiFunction().apply(retry, null));
		}

		/** How long an open breaker refuses calls: what a refused caller is told to wait. */
		Duration retryAfter() {
			return Duration.ofMillis(this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
		}

	}

}
