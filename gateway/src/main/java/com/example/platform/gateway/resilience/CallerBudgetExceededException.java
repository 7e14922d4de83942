package com.example.platform.gateway.resilience;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The time budget a trusted caller gave its request ({@code X-Request-Budget-Ms}, honoured with
 * {@code platform.gateway.inbound-control-headers=honor}) ran out before the service answered, and that budget was
 * smaller than the route's own. The caller chose to stop waiting: this says nothing about the service's health, so the
 * routes' circuit breakers ignore it ({@code resilience4j.circuitbreaker.configs.default.ignore-exceptions} in
 * application.yaml), unlike a timeout at the route's own budget, which counts as a failure of the service.
 * <p>
 * A 504 wherever it ends: the route's fallback answers a 504 problem, and on a route without a circuit breaker the
 * error handler does.
 */
public final class CallerBudgetExceededException extends ResponseStatusException {

	private final long budgetMillis;

	public CallerBudgetExceededException(long budgetMillis) {
		super(HttpStatus.GATEWAY_TIMEOUT, "No answer within the caller's time budget of " + budgetMillis + " ms");
		this.budgetMillis = budgetMillis;
	}

	/** The caller's budget (ms) that ran out. */
	public long budgetMillis() {
		return this.budgetMillis;
	}

}
