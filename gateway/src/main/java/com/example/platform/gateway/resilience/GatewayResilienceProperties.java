package com.example.platform.gateway.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param requestBudget time budget of a request on a route without its own {@code response-timeout} metadata
 * @param hopLimit hop limit given to a request that arrives without one
 * @param inboundControlHeaders what the gateway does with a client's {@code X-Request-Budget-Ms} and
 * {@code X-Hop-Limit}: {@code strip} (ignore them: the edge sets its own) or {@code honor} (a smaller budget or hop
 * limit of the client wins; for trusted callers only)
 */
@ConfigurationProperties("platform.gateway")
record GatewayResilienceProperties(@DefaultValue("10s") Duration requestBudget, @DefaultValue("10") int hopLimit,
		@DefaultValue("strip") InboundControlHeaders inboundControlHeaders) {

	enum InboundControlHeaders {

		STRIP, HONOR

	}

}
