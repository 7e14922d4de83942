package com.example.platform.gateway.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param requestBudget time budget of a request on a route without its own {@code response-timeout} metadata
 * @param hopLimit hop limit given to a request that arrives without one
 * @param circuitBreakerWait how long an open route breaker refuses calls before trial calls (the breakers read it
 * through {@code resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state} in application.yaml; the
 * fallback's {@code Retry-After} says it)
 * @param maxConcurrentCallsPerRoute calls one route may have in flight; the next gets a 503 at once, and is not
 * counted as a failure of the service (the services shed their own load; read through
 * {@code resilience4j.bulkhead.configs.default.max-concurrent-calls} in application.yaml)
 * @param inboundControlHeaders what the gateway does with a client's {@code X-Request-Budget-Ms} and
 * {@code X-Hop-Limit}: {@code strip} (ignore them: the edge sets its own) or {@code honor} (a smaller budget or hop
 * limit of the client wins; for trusted callers only)
 */
@ConfigurationProperties("platform.gateway")
record GatewayResilienceProperties(@DefaultValue("10s") Duration requestBudget, @DefaultValue("10") int hopLimit,
		@DefaultValue("5s") Duration circuitBreakerWait, @DefaultValue("10000") int maxConcurrentCallsPerRoute,
		@DefaultValue("strip") InboundControlHeaders inboundControlHeaders) {

	enum InboundControlHeaders {

		STRIP, HONOR

	}

}
