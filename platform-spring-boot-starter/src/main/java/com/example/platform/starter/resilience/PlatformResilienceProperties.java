package com.example.platform.starter.resilience;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Resilience settings: {@code platform.resilience.defaults.*} for every downstream,
 * {@code platform.resilience.downstreams.<name>.*} to override one downstream (a gRPC channel
 * name or the name given to {@link DownstreamResilience#restInterceptor(String)}). Only the
 * values set for a downstream override; the rest comes from the defaults.
 */
@ConfigurationProperties("platform.resilience")
public class PlatformResilienceProperties {

	/** Settings of the calls to every downstream (defaults listed in the configuration metadata). */
	private final Policy defaults = Policy.withDefaults();

	/** Per downstream (gRPC channel name or REST client name): the settings that differ from the defaults. */
	private final Map<String, Policy> downstreams = new LinkedHashMap<>();

	private final Inbound inbound = new Inbound();

	public Policy getDefaults() {
		return this.defaults;
	}

	public Map<String, Policy> getDownstreams() {
		return this.downstreams;
	}

	public Inbound getInbound() {
		return this.inbound;
	}

	/** The effective policy of a downstream: its own values over the defaults. */
	public Policy policyOf(String downstream) {
		Policy own = this.downstreams.get(downstream);
		return (own != null) ? own.over(this.defaults) : this.defaults;
	}

	/** What a service does with the requests it receives. */
	public static class Inbound {

		/** Hop limit given to a request that arrives without one (the edge). */
		private int hopLimit = 10;

		/** Requests handled at once before the service sheds load with 503; 0 or less disables it. */
		private int maxConcurrentRequests = 200;

		/** Retry-After sent with a shed request. */
		private Duration retryAfter = Duration.ofSeconds(1);

		public int getHopLimit() {
			return this.hopLimit;
		}

		public void setHopLimit(int hopLimit) {
			this.hopLimit = hopLimit;
		}

		public int getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(int maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

	}

	/** Settings of the calls to one downstream; null means "as in the defaults". */
	public static class Policy {

		/** Time limit of one attempt (capped further by the request's remaining budget). */
		private Duration timeout;

		/** Calls in the circuit breaker's count-based sliding window. */
		private Integer slidingWindowSize;

		/** Calls needed before the breaker computes a failure rate (Resilience4j's 100 never trips). */
		private Integer minimumNumberOfCalls;

		/** Failure rate in percent that opens the breaker. */
		private Float failureRateThreshold;

		/** How long an open breaker refuses calls before it lets trial calls through. */
		private Duration waitInOpenState;

		/** Trial calls in the half-open state. */
		private Integer permittedCallsInHalfOpenState;

		/** Attempts of a retry-safe call, the first included; 1 disables retries. */
		private Integer maxAttempts;

		/** Backoff before the first retry; doubles each time, with jitter. */
		private Duration initialBackoff;

		/** Random spread of each backoff, 0..1. */
		private Double jitter;

		/** Retries allowed per original call over time (the retry budget). */
		private Double retryBudgetRatio;

		/** Retries always allowed in a burst, on top of the ratio. */
		private Integer retryBudgetFloor;

		/** Calls in flight to this downstream at once (bulkhead); more are refused at once. */
		private Integer maxConcurrentCalls;

		static Policy withDefaults() {
			Policy policy = new Policy();
			policy.timeout = Duration.ofSeconds(2);
			policy.slidingWindowSize = 20;
			policy.minimumNumberOfCalls = 10;
			policy.failureRateThreshold = 50f;
			policy.waitInOpenState = Duration.ofSeconds(5);
			policy.permittedCallsInHalfOpenState = 3;
			policy.maxAttempts = 3;
			policy.initialBackoff = Duration.ofMillis(50);
			policy.jitter = 0.5;
			policy.retryBudgetRatio = 0.2;
			policy.retryBudgetFloor = 3;
			policy.maxConcurrentCalls = 50;
			return policy;
		}

		Policy over(Policy defaults) {
			Policy merged = new Policy();
			merged.timeout = pick(this.timeout, defaults.timeout);
			merged.slidingWindowSize = pick(this.slidingWindowSize, defaults.slidingWindowSize);
			merged.minimumNumberOfCalls = pick(this.minimumNumberOfCalls, defaults.minimumNumberOfCalls);
			merged.failureRateThreshold = pick(this.failureRateThreshold, defaults.failureRateThreshold);
			merged.waitInOpenState = pick(this.waitInOpenState, defaults.waitInOpenState);
			merged.permittedCallsInHalfOpenState = pick(this.permittedCallsInHalfOpenState,
					defaults.permittedCallsInHalfOpenState);
			merged.maxAttempts = pick(this.maxAttempts, defaults.maxAttempts);
			merged.initialBackoff = pick(this.initialBackoff, defaults.initialBackoff);
			merged.jitter = pick(this.jitter, defaults.jitter);
			merged.retryBudgetRatio = pick(this.retryBudgetRatio, defaults.retryBudgetRatio);
			merged.retryBudgetFloor = pick(this.retryBudgetFloor, defaults.retryBudgetFloor);
			merged.maxConcurrentCalls = pick(this.maxConcurrentCalls, defaults.maxConcurrentCalls);
			return merged;
		}

		private static <T> T pick(T own, T fallback) {
			return (own != null) ? own : fallback;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Integer getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(Integer slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public Integer getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(Float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public Duration getWaitInOpenState() {
			return this.waitInOpenState;
		}

		public void setWaitInOpenState(Duration waitInOpenState) {
			this.waitInOpenState = waitInOpenState;
		}

		public Integer getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(Integer permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Double getJitter() {
			return this.jitter;
		}

		public void setJitter(Double jitter) {
			this.jitter = jitter;
		}

		public Double getRetryBudgetRatio() {
			return this.retryBudgetRatio;
		}

		public void setRetryBudgetRatio(Double retryBudgetRatio) {
			this.retryBudgetRatio = retryBudgetRatio;
		}

		public Integer getRetryBudgetFloor() {
			return this.retryBudgetFloor;
		}

		public void setRetryBudgetFloor(Integer retryBudgetFloor) {
			this.retryBudgetFloor = retryBudgetFloor;
		}

		public Integer getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(Integer maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

	}

}
