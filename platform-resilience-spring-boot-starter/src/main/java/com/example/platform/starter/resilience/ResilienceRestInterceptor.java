package com.example.platform.starter.resilience;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import com.example.platform.starter.web.ResilienceProblems;

/**
 * The platform's policy for REST calls to one downstream, on Resilience4j's instances of its name, outermost first:
 * retries (Resilience4j's retry; idempotent methods only, on a connection failure or 502/503/504, each retry only
 * within the platform's retry budget and when the request's remaining budget outlasts the backoff), bulkhead (full:
 * 503 at once), circuit breaker (open: 503 + Retry-After at once), then the attempt. A downstream's 508 is passed on
 * as 508, so a loop ends at the edge with the right answer; its 504 once this request's budget is spent, as 504.
 *
 * <p>The time limit of an attempt is the HTTP client's read timeout (the group's
 * {@code spring.http.serviceclient.<name>.read-timeout}, platform default {@code spring.http.clients.read-timeout}
 * 2 s): exceeded, the call fails with 504 and counts against the breaker. The request's remaining budget cannot cut
 * that socket wait shorter per request: it travels downstream in {@code X-Request-Budget-Ms}, and the downstream
 * refuses work once it is spent; its 504 for a budget the caller has spent by then is not counted against its breaker.
 * A budget already spent before the call is a 504 without calling.
 */
class ResilienceRestInterceptor implements ClientHttpRequestInterceptor {

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private static final Set<Integer> RETRYABLE_STATUS = Set.of(502, 503, 504);

	private static final int LOOP_DETECTED = 508;

	private final DownstreamResilience.Downstream downstream;

	private final Retry retry;

	ResilienceRestInterceptor(DownstreamResilience.Downstream downstream) {
		this.downstream = downstream;
		// The downstream's retry settings (attempts, backoff); what is retried, and whether the budgets allow it, is
		// decided here, so exception lists configured for other uses of the retry are cleared
		RetryConfig config = RetryConfig.<Answer>from(downstream.retry())
			.retryExceptions()
			.ignoreExceptions()
			.retryOnResult((answer) -> RETRYABLE_STATUS.contains(answer.status()) && answer.call().mayRetry())
			.consumeResultBeforeRetryAttempt((attempt, answer) -> answer.response().close())
			.retryOnException((ex) -> ex instanceof FailedAttempt failed && !isReadTimeout(failed.getCause())
					&& failed.call().mayRetry())
			.intervalBiFunction((attempt, outcome) -> outcome.isRight() ? outcome.get().call().backoffMillis
					: ((FailedAttempt) outcome.getLeft()).call().backoffMillis)
			.build();
		this.retry = Retry.of(downstream.name(), config);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Call call = new Call(RequestBudget.current());
		this.downstream.retryBudget().onCall();
		CheckedSupplier<Answer> attempt = () -> attempt(call, request, body, execution);
		if (IDEMPOTENT.contains(request.getMethod())) {
			attempt = Retry.decorateCheckedSupplier(this.retry, attempt);
		}
		Answer answer;
		try {
			answer = attempt.get();
		}
		catch (FailedAttempt failed) {
			if (isReadTimeout(failed.getCause())) {
				throw ResilienceProblems.deadlineExceeded(this.downstream.name() + " did not answer in time.");
			}
			throw failed.getCause();
		}
		catch (CallNotPermittedException ex) {
			throw ResilienceProblems.unavailable(this.downstream.name() + " is failing; calls to it are paused "
					+ "(circuit breaker open).", this.downstream.retryAfter());
		}
		catch (BulkheadFullException ex) {
			throw ResilienceProblems.unavailable("Too many calls in flight to " + this.downstream.name() + ".",
					Duration.ofSeconds(1));
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// Not thrown by the attempt (I/O failures arrive as FailedAttempt) nor by Resilience4j's decorators
			throw new IllegalStateException(ex);
		}
		if (answer.status() == 504 && call.budgetSpent()) {
			// Most likely the downstream refusing the budget it was given: passed on as this request's own 504
			answer.response().close();
			throw ResilienceProblems.deadlineExceeded(this.downstream.name()
					+ " did not answer within the time budget of this request.");
		}
		if (answer.status() == LOOP_DETECTED) {
			answer.response().close();
			throw ResilienceProblems.hopLimitExceeded("A downstream refused the request: hop limit reached, "
					+ "the request is probably in a loop.");
		}
		return answer.response();
	}

	private Answer attempt(Call call, HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws FailedAttempt {
		call.attempts++;
		if (call.budgetSpent()) {
			throw ResilienceProblems.deadlineExceeded(
					"The time budget of this request was spent before " + this.downstream.name() + " could be called.");
		}
		BudgetPropagationInterceptor.propagate(request.getHeaders(), call.budget);
		Bulkhead bulkhead = this.downstream.bulkhead();
		bulkhead.acquirePermission();
		try {
			return guardedByBreaker(call, request, body, execution);
		}
		catch (IOException ex) {
			throw new FailedAttempt(ex, call);
		}
		finally {
			bulkhead.onComplete();
		}
	}

	private Answer guardedByBreaker(Call call, HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		CircuitBreaker breaker = this.downstream.circuitBreaker();
		breaker.acquirePermission();
		long start = breaker.getCurrentTimestamp();
		ClientHttpResponse response;
		int status;
		try {
			response = execution.execute(request, body);
			status = response.getStatusCode().value();
		}
		catch (IOException | RuntimeException ex) {
			breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), ex);
			throw ex;
		}
		long took = breaker.getCurrentTimestamp() - start;
		if (status == 504 && call.budgetSpent()) {
			// The downstream refused the budget this caller gave it, now spent: says nothing about its health
			breaker.releasePermission();
		}
		else if (status >= 500 && status != LOOP_DETECTED) {
			breaker.onError(took, breaker.getTimestampUnit(),
					new IOException(this.downstream.name() + " answered " + status));
		}
		else {
			breaker.onSuccess(took, breaker.getTimestampUnit());
		}
		return new Answer(response, status, call);
	}

	/**
	 * Whether the attempt's time limit, the client's read timeout, passed: the JDK client's
	 * {@link HttpTimeoutException}, {@link SocketTimeoutException} (HttpURLConnection, Apache HttpClient), Reactor
	 * Netty's {@code ReadTimeoutException} (wrapped in an IOException by Spring's request).
	 */
	static boolean isReadTimeout(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException) {
				return false;
			}
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
					|| cause.getClass().getName().equals("io.netty.handler.timeout.ReadTimeoutException")) {
				return true;
			}
		}
		return false;
	}

	/** One call, over all its attempts. */
	private final class Call {

		private final @Nullable RequestBudget budget;

		private int attempts;

		private long backoffMillis;

		Call(@Nullable RequestBudget budget) {
			this.budget = budget;
		}

		boolean budgetSpent() {
			return this.budget != null && this.budget.expired();
		}

		/**
		 * Whether a retry may follow the attempt just made: attempts left, a backoff shorter than the request's
		 * remaining budget, and a token of the retry budget (spent here).
		 */
		boolean mayRetry() {
			if (this.attempts >= ResilienceRestInterceptor.this.downstream.maxAttempts()) {
				return false;
			}
			Duration backoff = ResilienceRestInterceptor.this.downstream.backoffBefore(this.attempts);
			Duration remaining = (this.budget != null) ? this.budget.remaining() : null;
			if (remaining != null && remaining.compareTo(backoff) <= 0) {
				return false;
			}
			if (!ResilienceRestInterceptor.this.downstream.mayRetry(this.attempts)) {
				return false;
			}
			this.backoffMillis = backoff.toMillis();
			return true;
		}

	}

	/** What an attempt got back; the retry decides on it. */
	private record Answer(ClientHttpResponse response, int status, Call call) {
	}

	/** An attempt's I/O failure (connection refused or reset, read timeout); the retry decides on it. */
	private static final class FailedAttempt extends Exception {

		private final transient Call call;

		FailedAttempt(IOException cause, Call call) {
			super(cause.getMessage(), cause, false, false);
			this.call = call;
		}

		Call call() {
			return this.call;
		}

		@Override
		public synchronized IOException getCause() {
			return (IOException) super.getCause();
		}

	}

}
