package com.example.platform.starter.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import com.example.platform.starter.web.ResilienceProblems;

/**
 * The platform's policy for REST calls to one downstream, outermost first: retries (idempotent
 * methods only, on a connection failure or 502/503/504, exponential backoff with jitter, within
 * the retry budget), circuit breaker (open: 503 at once), bulkhead (full: 503 at once), then the
 * attempt itself with a time limit of min(downstream timeout, remaining budget) (exceeded: 504).
 * A downstream's 508 is passed on as 508, so a loop ends at the edge with the right answer.
 */
class ResilienceRestInterceptor implements ClientHttpRequestInterceptor {

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private static final Set<Integer> RETRYABLE_STATUS = Set.of(502, 503, 504);

	private final DownstreamResilience.Downstream downstream;

	ResilienceRestInterceptor(DownstreamResilience.Downstream downstream) {
		this.downstream = downstream;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		RequestBudget budget = RequestBudget.current();
		boolean retrySafe = IDEMPOTENT.contains(request.getMethod());
		this.downstream.retryBudget().onCall();
		int attempt = 1;
		while (true) {
			BudgetPropagationInterceptor.propagate(request.getHeaders(), budget);
			ClientHttpResponse response;
			try {
				response = attempt(request, body, execution, budget);
			}
			catch (IOException ex) {
				if (retrySafe && mayRetry(attempt, budget)) {
					attempt++;
					continue;
				}
				throw ex;
			}
			int status = response.getStatusCode().value();
			if (status == 508) {
				response.close();
				throw ResilienceProblems.hopLimitExceeded("A downstream refused the request: hop limit reached, "
						+ "the request is probably in a loop.");
			}
			if (retrySafe && RETRYABLE_STATUS.contains(status) && mayRetry(attempt, budget)) {
				response.close();
				attempt++;
				continue;
			}
			return response;
		}
	}

	private boolean mayRetry(int attempt, RequestBudget budget) {
		if (!this.downstream.mayRetry(attempt)) {
			return false;
		}
		Duration backoff = this.downstream.backoffBefore(attempt);
		Duration remaining = (budget != null) ? budget.remaining() : null;
		if (remaining != null && remaining.compareTo(backoff) <= 0) {
			return false;
		}
		try {
			Thread.sleep(backoff);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private ClientHttpResponse attempt(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			RequestBudget budget) throws IOException {
		if (budget != null && budget.expired()) {
			throw ResilienceProblems.deadlineExceeded(
					"The time budget of this request was spent before " + this.downstream.name() + " could be called.");
		}
		CircuitBreaker breaker = this.downstream.circuitBreaker();
		if (!breaker.tryAcquirePermission()) {
			throw ResilienceProblems.unavailable(this.downstream.name() + " is failing; calls to it are paused "
					+ "(circuit breaker open).", this.downstream.retryAfter());
		}
		if (!this.downstream.bulkhead().tryAcquirePermission()) {
			breaker.releasePermission();
			throw ResilienceProblems.unavailable("Too many calls in flight to " + this.downstream.name() + ".",
					Duration.ofSeconds(1));
		}
		Duration timeout = RequestBudget.cap(this.downstream.timeout(), budget);
		// Cut shorter than the downstream's own limit by the caller's remaining budget: running out of it then says
		// nothing about the downstream's health, so it must not count against its breaker
		boolean limitedByCaller = timeout.compareTo(this.downstream.timeout()) < 0;
		long start = System.nanoTime();
		try {
			ClientHttpResponse response = executeWithin(timeout, request, body, execution);
			int status = response.getStatusCode().value();
			if (status >= 500 && status != 508) {
				breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
						new IOException(this.downstream.name() + " answered " + status));
			}
			else {
				breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
			return response;
		}
		catch (CallerBudgetSpent ex) {
			if (limitedByCaller) {
				breaker.releasePermission();
			}
			else {
				breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			}
			throw ResilienceProblems.deadlineExceeded(this.downstream.name() + " did not answer in time.");
		}
		catch (IOException | RuntimeException ex) {
			breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			throw ex;
		}
		finally {
			this.downstream.bulkhead().onComplete();
		}
	}

	// The attempt runs on a virtual thread so that the caller is freed at its time limit whatever the HTTP client does
	private ClientHttpResponse executeWithin(Duration timeout, HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		FutureTask<ClientHttpResponse> task = new FutureTask<>(() -> execution.execute(request, body));
		Thread.ofVirtual().name("rest-call-" + this.downstream.name()).start(task);
		try {
			return task.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			cancel(task);
			throw new CallerBudgetSpent();
		}
		catch (InterruptedException ex) {
			cancel(task);
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while calling " + this.downstream.name(), ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IOException(cause);
		}
	}

	private static void cancel(Future<ClientHttpResponse> task) {
		task.cancel(true);
	}

	/** The attempt's time limit passed; whose limit it was decides whether the breaker hears of it. */
	private static final class CallerBudgetSpent extends RuntimeException {

		CallerBudgetSpent() {
			super(null, null, false, false);
		}

	}

}
