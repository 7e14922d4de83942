package com.example.platform.gateway.resilience;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Cuts a call at the caller's own deadline when the caller's budget is smaller than the route's
 * ({@link RequestBudgetGlobalFilter} sets the deadline; the route's own budget is Spring Cloud Gateway's
 * {@code response-timeout}, enforced by its HTTP client). It runs just before the routing filter, so inside the route's
 * circuit breaker and retry (route filters, orders 1, 2, ...), and covers the same span as the route's timeout: until
 * the service's response headers arrive. The deadline is absolute: a retried attempt gets what is left of it.
 * <p>
 * It ends the call with a {@link CallerBudgetExceededException}, which the route's breaker sees and ignores (the caller
 * gave up; the service did not fail), never retried (not a connection failure), and answered with a 504 problem.
 */
@Component
class CallerBudgetTimeoutGlobalFilter implements GlobalFilter, Ordered {

	@Override
	public int getOrder() {
		// After the load balancer (10150), before the Netty routing filter (lowest precedence)
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RequestBudgetGlobalFilter.CallerDeadline deadline = exchange
			.getAttribute(RequestBudgetGlobalFilter.CALLER_DEADLINE_ATTR);
		if (deadline == null) {
			return chain.filter(exchange);
		}
		long remainingNanos = deadline.nanoTime() - System.nanoTime();
		if (remainingNanos <= 0) {
			return Mono.error(new CallerBudgetExceededException(deadline.budgetMillis()));
		}
		return chain.filter(exchange)
			.timeout(Duration.ofNanos(remainingNanos),
					Mono.defer(() -> Mono.error(new CallerBudgetExceededException(deadline.budgetMillis()))));
	}

}
