package com.example.platform.starter.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the platform adds to Resilience4j, whose own properties configure each downstream's circuit breaker, bulkhead,
 * retry and time limit ({@code resilience4j.*.configs.default} in the starter's defaults,
 * {@code resilience4j.*.instances.<downstream>} to change one downstream): the retry budget and the handling of
 * inbound requests (hop limit, load shedding), which no library does.
 *
 * @param retryBudget retries allowed per downstream, on top of its retry settings
 * @param inbound what a service does with the requests it receives
 */
@ConfigurationProperties("platform.resilience")
public record PlatformResilienceProperties(@DefaultValue RetryBudgetSettings retryBudget,
		@DefaultValue Inbound inbound) {

	/**
	 * @param ratio retries allowed per original call over time
	 * @param floor retries always allowed in a burst, on top of the ratio
	 */
	public record RetryBudgetSettings(@DefaultValue("0.2") double ratio, @DefaultValue("3") int floor) {
	}

	/**
	 * @param hopLimit hop limit given to a request that arrives without one (the edge)
	 * @param maxConcurrentRequests requests handled at once before the service sheds load with 503; 0 or less
	 * disables it
	 * @param retryAfter Retry-After sent with a shed request
	 */
	public record Inbound(@DefaultValue("10") int hopLimit, @DefaultValue("200") int maxConcurrentRequests,
			@DefaultValue("1s") Duration retryAfter) {
	}

}
