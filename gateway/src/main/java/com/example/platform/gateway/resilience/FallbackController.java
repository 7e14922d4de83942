package com.example.platform.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import com.example.platform.starter.web.ResilienceProblems;

/**
 * Where a route's circuit breaker sends a failed call: a problem, never a hang or a stack trace.
 * Open breaker or unreachable service: 503 with Retry-After; time budget spent (the route's, or a smaller one of the
 * caller's): 504.
 */
@RestController
class FallbackController {

	private final CircuitBreakerRegistry breakers;

	FallbackController(CircuitBreakerRegistry breakers) {
		this.breakers = breakers;
	}

	@RequestMapping("/fallback/{service}")
	Mono<Void> fallback(@PathVariable String service, ServerWebExchange exchange) {
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		String path = originalPath(exchange);
		if (cause(cause, CallerBudgetExceededException.class) != null) {
			// Checked first: it is a 504 too, but the caller's deadline, not the route's, and not held against the service
			return RequestBudgetGlobalFilter.refuse(ResilienceProblems.deadlineExceeded(
					service + " did not answer within the time budget the caller gave this request."), path);
		}
		if (timedOut(cause)) {
			return RequestBudgetGlobalFilter.refuse(ResilienceProblems.deadlineExceeded(
					service + " did not answer within the time budget of this route."), path);
		}
		// An open breaker: as long as it stays open
		Duration retryAfter = (cause instanceof CallNotPermittedException open) ? Duration.ofMillis(this.breakers
			.circuitBreaker(open.getCausingCircuitBreakerName())
			.getCircuitBreakerConfig()
			.getWaitIntervalFunctionInOpenState()
			.apply(1)) : Duration.ofSeconds(1);
		String detail = (cause instanceof CallNotPermittedException)
				? service + " is failing; calls to it are paused (circuit breaker open)."
				: service + " is unavailable; try again later.";
		return RequestBudgetGlobalFilter.refuse(ResilienceProblems.unavailable(detail, retryAfter), path);
	}

	private static String originalPath(ServerWebExchange exchange) {
		java.util.Set<java.net.URI> uris = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		return (uris != null && !uris.isEmpty()) ? uris.iterator().next().getPath() : exchange.getRequest().getPath().value();
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	/**
	 * The route's time budget ran out. The gateway's HTTP client enforces it ({@code response-timeout}) with a 504
	 * {@link ResponseStatusException} caused by Spring Cloud Gateway's own {@code TimeoutException}, which is not
	 * {@link TimeoutException} (what Resilience4j's time limiter, off here, would raise).
	 */
	private static boolean timedOut(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof TimeoutException
					|| current instanceof org.springframework.cloud.gateway.support.TimeoutException
					|| (current instanceof ResponseStatusException status
							&& status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())) {
				return true;
			}
		}
		return false;
	}

}
