package com.example.platform.order.ordering;

import java.util.UUID;

import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import com.example.platform.starter.resilience.DownstreamResilience;
import com.example.platform.starter.resilience.PlatformResilienceProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry budget of the gRPC hop to customer-service, on its own. With the platform's breaker (as in
 * {@link CustomerServiceFaultsIT}) a downstream failing every call is cut off after a few calls, which keeps
 * the attempts low with or without a budget. Here the breaker cannot open (it judges only after 1000 calls),
 * so every failing call reaches the channel, and only the budget stands between N failing calls and
 * N x max-attempts attempts. The budget's own settings stay the platform's defaults. This class has its own
 * application context, so the channel's budget starts full.
 */
@TestPropertySource(properties = { "resilience4j.circuitbreaker.instances.customer-service.sliding-window-size=1000",
		"resilience4j.circuitbreaker.instances.customer-service.minimum-number-of-calls=1000" })
class CustomerServiceRetryBudgetIT extends OrderServiceITSupport {

	@Autowired
	private DownstreamResilience resilience;

	@Autowired
	private PlatformResilienceProperties properties;

	@Test
	void failingRetrySafeCallsAreRetriedOnlyWithinTheBudget() {
		DownstreamResilience.Downstream downstream = this.resilience.downstream("customer-service");
		PlatformResilienceProperties.RetryBudgetSettings retryBudget = this.properties.retryBudget();
		int calls = 30;
		int withoutBudget = calls * downstream.maxAttempts();
		// The platform's promise for any N calls: at most N x (1 + ratio) + max(floor, 10) attempts
		int budget = (int) (calls * (1 + retryBudget.ratio())) + Math.max(retryBudget.floor(), 10);
		assertThat(downstream.maxAttempts()).as("attempts per call (retries enabled)").isGreaterThan(1);
		assertThat(budget).as("attempts the budget allows, vs. %d without a budget: else this test proves nothing",
				withoutBudget).isLessThan(withoutBudget);

		// UNAVAILABLE: the server did not process the call, so every call is retry-safe
		UUID customerId = customerService.customer(Answer.UNAVAILABLE);
		for (int i = 0; i < calls; i++) {
			Response response = post("/api/orders", orderJson(customerId, twoItems()));
			assertThat(response.status()).as(response.raw()).isEqualTo(503);
		}

		int attempts = customerService.reservationsFor(customerId).size();
		System.out.printf("[figures] customer-service failing every call, breaker out of the way: %d calls -> %d"
				+ " attempts received (without a budget %d, budget allows %d); breaker %s%n", calls, attempts,
				withoutBudget, budget, downstream.circuitBreaker().getState());
		assertThat(downstream.circuitBreaker().getState()).as("the breaker stayed out of the way")
			.isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(attempts).as("attempts received by customer-service for %d failing calls: retries happen", calls)
			.isGreaterThan(calls);
		assertThat(attempts).as("attempts received by customer-service for %d failing calls: within the retry budget",
				calls).isLessThanOrEqualTo(budget);
	}

}
