package com.example.platform.starter.resilience;

/**
 * A token bucket that bounds retries: every original call earns {@code ratio} of a token, every
 * retry spends one. It starts with {@code floor} tokens and holds at most {@code max(floor, 10)}
 * (no unbounded savings from a long healthy period). So over any stretch of N calls a downstream
 * sees at most N * (1 + ratio) + max(floor, 10) attempts, however many of them fail.
 */
public final class RetryBudget {

	private final double ratio;

	private final double capacity;

	private double tokens;

	public RetryBudget(double ratio, int floor) {
		this.ratio = ratio;
		this.capacity = Math.max(floor, 10);
		this.tokens = floor;
	}

	/** An original (first) attempt is being made. */
	public synchronized void onCall() {
		this.tokens = Math.min(this.capacity, this.tokens + this.ratio);
	}

	/** @return whether a retry may be made now (and spends its token) */
	public synchronized boolean tryRetry() {
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}

	synchronized double tokens() {
		return this.tokens;
	}

}
