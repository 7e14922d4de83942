package com.example.platform.starter.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import com.example.platform.starter.web.ProblemDetailsWriter;

/**
 * At most {@code maxConcurrentRequests} requests are handled at once; one more is answered 503
 * with Retry-After at once instead of queueing (a queue only turns overload into timeouts for
 * everyone). Health and management endpoints are never shed, so probes see the truth.
 */
class LoadSheddingFilter extends OncePerRequestFilter {

	private final Semaphore permits;

	private final int limit;

	private final Duration retryAfter;

	private final ProblemDetailsWriter problems;

	private final @Nullable Counter shed;

	LoadSheddingFilter(int limit, Duration retryAfter, ProblemDetailsWriter problems,
			@Nullable MeterRegistry registry) {
		this.permits = new Semaphore(limit);
		this.limit = limit;
		this.retryAfter = retryAfter;
		this.problems = problems;
		this.shed = (registry != null) ? Counter.builder("platform.http.server.requests.shed")
			.description("Requests refused with 503 because the service was at its concurrency limit")
			.register(registry) : null;
		if (registry != null) {
			registry.gauge("platform.http.server.requests.in.flight", this,
					(filter) -> filter.limit - filter.permits.availablePermits());
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.startsWith("/actuator") || path.equals("/livez") || path.equals("/readyz");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.permits.tryAcquire()) {
			if (this.shed != null) {
				this.shed.increment();
			}
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, this.retryAfter.toSeconds())));
			ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
					"The service is at its concurrency limit; try again later.");
			ProblemDetailsWriter.Servlet.write(this.problems, response, problem, request.getRequestURI());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.permits.release();
		}
	}

}
