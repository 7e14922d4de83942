package com.example.platform.gateway.resilience;

import java.net.URI;
import java.time.Duration;

import reactor.core.publisher.Mono;

import com.example.platform.starter.resilience.RequestBudget;
import com.example.platform.starter.web.ResilienceProblems;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The edge of the deadline and hop-limit chain. Each request gets the time budget of its route (route
 * metadata {@code response-timeout} in ms, which is also the gateway's own time limit for it; default
 * {@code platform.gateway.request-budget}), capped by a smaller budget the client may send, and the
 * downstream receives the remaining budget in {@code X-Request-Budget-Ms} and the hop limit minus one in
 * {@code X-Hop-Limit}. A request arriving with hop limit 0 is refused with 508 and goes nowhere.
 * <p>
 * Both headers are the platform's internal control protocol. From the public side they are untrusted input, so
 * by default ({@code platform.gateway.inbound-control-headers=strip}) the gateway ignores what a client sends and
 * starts the chain itself, as Envoy does with its {@code x-envoy-*} headers from untrusted clients: nobody outside
 * can make a request fail with an already spent budget or a zero hop limit. {@code honor} trusts them, for a
 * gateway that only trusted callers reach (then a client's smaller budget wins and hop limit 0 is a 508).
 * <p>
 * A client's budget smaller than the route's is also the gateway's limit for the request: it is cut at that deadline
 * ({@link CallerBudgetTimeoutGlobalFilter}) with a 504 that the route's circuit breaker does not count, because a caller
 * that stops waiting says nothing about the service's health. A timeout at the route's own budget still counts.
 */
@Component
class RequestBudgetGlobalFilter implements GlobalFilter, Ordered {

	// The header names and their parsing are the starter's: one wire contract for every hop
	static final String BUDGET_HEADER = RequestBudget.DEADLINE_HEADER;

	static final String HOP_LIMIT_HEADER = RequestBudget.HOP_LIMIT_HEADER;

	/** Exchange attribute: the {@link CallerDeadline} of a request whose caller's budget is smaller than the route's. */
	static final String CALLER_DEADLINE_ATTR = RequestBudgetGlobalFilter.class.getName() + ".callerDeadline";

	private final GatewayResilienceProperties properties;

	private final boolean honorInboundHeaders;

	RequestBudgetGlobalFilter(GatewayResilienceProperties properties) {
		this.properties = properties;
		this.honorInboundHeaders = properties
			.inboundControlHeaders() == GatewayResilienceProperties.InboundControlHeaders.HONOR;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Integer hopLimit = this.honorInboundHeaders
				? RequestBudget.parseHeader(exchange.getRequest().getHeaders().getFirst(HOP_LIMIT_HEADER)) : null;
		int hops = (hopLimit != null) ? hopLimit : this.properties.hopLimit();
		if (hops <= 0) {
			return refuse(ResilienceProblems.hopLimitExceeded(
					"The request went through too many services (hop limit reached); it is probably in a loop."),
					exchange.getRequest().getPath().value());
		}
		long budget = routeBudget(exchange).toMillis();
		Integer clientBudget = this.honorInboundHeaders
				? RequestBudget.parseHeader(exchange.getRequest().getHeaders().getFirst(BUDGET_HEADER)) : null;
		if (clientBudget != null) {
			if (clientBudget <= 0) {
				return refuse(ResilienceProblems.deadlineExceeded("The time budget of this request was already spent."),
						exchange.getRequest().getPath().value());
			}
			if (clientBudget < budget) {
				budget = clientBudget;
				exchange.getAttributes()
					.put(CALLER_DEADLINE_ATTR, new CallerDeadline(System.nanoTime() + budget * 1_000_000L, budget));
			}
		}
		long remaining = budget;
		ServerWebExchange forwarded = exchange.mutate()
			.request((request) -> request.headers((headers) -> {
				headers.set(BUDGET_HEADER, Long.toString(remaining));
				headers.set(HOP_LIMIT_HEADER, Integer.toString(hops - 1));
			}))
			.build();
		return chain.filter(forwarded);
	}

	private Duration routeBudget(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Object timeout = (route != null) ? route.getMetadata().get("response-timeout") : null;
		if (timeout instanceof Number number && number.longValue() > 0) {
			return Duration.ofMillis(number.longValue());
		}
		if (timeout != null) {
			try {
				long millis = Long.parseLong(timeout.toString().trim());
				if (millis > 0) {
					return Duration.ofMillis(millis);
				}
			}
			catch (NumberFormatException ex) {
				// fall back to the default budget
			}
		}
		return this.properties.requestBudget();
	}

	/**
	 * When the caller's budget runs out ({@link System#nanoTime()} scale) and what it was (ms).
	 */
	record CallerDeadline(long nanoTime, long budgetMillis) {
	}

	/** Ends the exchange with the refusal, written as a problem by the platform's error handler. */
	static Mono<Void> refuse(ErrorResponseException refusal, String path) {
		try {
			refusal.getBody().setInstance(URI.create(path));
		}
		catch (IllegalArgumentException ex) {
			// a path that is not a valid URI (it came from the client as is): the problem goes without it
		}
		return Mono.error(refusal);
	}

}
