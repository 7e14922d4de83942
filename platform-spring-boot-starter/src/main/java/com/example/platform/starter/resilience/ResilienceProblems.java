package com.example.platform.starter.resilience;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The refusals of the resilience layer, as exceptions the platform's MVC advice renders as
 * problem details: 503 + Retry-After (breaker open, bulkhead full), 504 (budget spent),
 * 508 (hop limit reached).
 */
public final class ResilienceProblems {

	public static final HttpStatusCode LOOP_DETECTED = HttpStatusCode.valueOf(508);

	private ResilienceProblems() {
	}

	public static ErrorResponseException unavailable(String detail, Duration retryAfter) {
		ErrorResponseException ex = new RefusedCall(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", detail);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		return ex;
	}

	public static ErrorResponseException deadlineExceeded(String detail) {
		return new RefusedCall(HttpStatus.GATEWAY_TIMEOUT, "Gateway Timeout", detail);
	}

	public static ErrorResponseException hopLimitExceeded(String detail) {
		return new RefusedCall(LOOP_DETECTED, "Loop Detected", detail);
	}

	/** A call refused or cut short by the resilience layer; not a failure of this service's code. */
	public static final class RefusedCall extends ErrorResponseException {

		RefusedCall(HttpStatusCode status, String title, String detail) {
			super(status, problem(status, title, detail), null);
		}

		private static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
			problem.setTitle(title);
			return problem;
		}

	}

}
