package com.example.platform.starter.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;


/**
 * The refusals of the resilience layer, as exceptions the platform's MVC advice renders as
 * problem details: 503 + Retry-After (breaker open, bulkhead full), 504 (budget spent),
 * 508 (hop limit reached).
 */
public final class ResilienceProblems {

	private ResilienceProblems() {
	}

	public static ErrorResponseException unavailable(String detail, Duration retryAfter) {
		ErrorResponseException ex = new RefusedCall(HttpStatus.SERVICE_UNAVAILABLE, detail);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		return ex;
	}

	public static ErrorResponseException deadlineExceeded(String detail) {
		return new RefusedCall(HttpStatus.GATEWAY_TIMEOUT, detail);
	}

	public static ErrorResponseException hopLimitExceeded(String detail) {
		return new RefusedCall(HttpStatus.LOOP_DETECTED, detail);
	}

	/** A call refused or cut short by the resilience layer; not a failure of this service's code. */
	public static final class RefusedCall extends ErrorResponseException {

		RefusedCall(HttpStatusCode status, String detail) {
			super(status, ProblemDetailsWriter.problem(status, detail), null);
		}

	}

}
