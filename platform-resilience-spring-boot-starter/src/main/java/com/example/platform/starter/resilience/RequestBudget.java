package com.example.platform.starter.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What is left of the incoming request's budget, for the calls made while handling it: its
 * deadline (absent when nobody set one) and its hop limit. Bound to the request's thread by
 * {@link RequestBudgetFilter} (servlet) and to the gRPC {@code io.grpc.Context} on gRPC servers.
 *
 * <p>On the wire: {@value #DEADLINE_HEADER} carries the REMAINING budget in milliseconds when the
 * request is sent (relative, so clocks of different hosts need not agree); gRPC uses its native
 * deadline. {@value #HOP_LIMIT_HEADER} (gRPC metadata {@code x-hop-limit}) is decremented by each hop.
 */
public record RequestBudget(@Nullable Long deadlineNanos, int hopLimit) {

	public static final String DEADLINE_HEADER = "X-Request-Budget-Ms";

	public static final String HOP_LIMIT_HEADER = "X-Hop-Limit";

	/** Hop limit of a call made outside any request (a scheduled job, a listener). */
	public static final int DEFAULT_HOP_LIMIT = 10;

	private static final ThreadLocal<RequestBudget> CURRENT = new ThreadLocal<>();

	/** The budget of the request being handled on this thread, if any. */
	/**
	 * Reads a budget or hop-limit header value. A malformed value counts as absent rather than
	 * refused: the headers are advisory.
	 */
	public static @Nullable Integer parseHeader(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	public static @Nullable RequestBudget current() {
		RequestBudget budget = CURRENT.get();
		return (budget != null) ? budget : GrpcContextBudget.current();
	}

	/** Runs {@code work} with {@code budget} as the current one. */
	public static <T> T runWith(RequestBudget budget, Supplier<T> work) {
		RequestBudget previous = CURRENT.get();
		CURRENT.set(budget);
		try {
			return work.get();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

	static RequestBudget of(@Nullable Duration remaining, int hopLimit) {
		return new RequestBudget((remaining != null) ? System.nanoTime() + remaining.toNanos() : null, hopLimit);
	}

	/** Remaining time, or null without a deadline; zero or negative once expired. */
	public @Nullable Duration remaining() {
		return (this.deadlineNanos != null) ? Duration.ofNanos(this.deadlineNanos - System.nanoTime()) : null;
	}

	public boolean expired() {
		return this.deadlineNanos != null && this.deadlineNanos - System.nanoTime() <= 0;
	}

	/** The hop limit to send with an outbound call. */
	public int outboundHopLimit() {
		return this.hopLimit - 1;
	}

	/** {@code timeout} capped by the remaining budget. */
	public static Duration cap(Duration timeout, @Nullable RequestBudget budget) {
		Duration remaining = (budget != null) ? budget.remaining() : null;
		return (remaining != null && remaining.compareTo(timeout) < 0) ? remaining : timeout;
	}

	static long millis(Duration duration) {
		return TimeUnit.NANOSECONDS.toMillis(duration.toNanos());
	}

}
