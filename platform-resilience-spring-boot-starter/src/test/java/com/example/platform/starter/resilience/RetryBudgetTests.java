package com.example.platform.starter.resilience;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	@Test
	void aDeadDownstreamSeesAtMostTheRatioOfRetriesPlusTheFloor() {
		RetryBudget budget = new RetryBudget(0.2, 3);
		int calls = 1000;
		int attempts = 0;
		for (int i = 0; i < calls; i++) {
			budget.onCall();
			attempts++;
			// every attempt fails; up to 2 retries per call if the budget allows
			for (int retry = 0; retry < 2 && budget.tryRetry(); retry++) {
				attempts++;
			}
		}
		assertThat(attempts).isLessThanOrEqualTo((int) (calls * 1.2) + 3);
		assertThat(attempts).isGreaterThan(calls);
	}

	@Test
	void savingsAreCapped() {
		RetryBudget budget = new RetryBudget(0.2, 3);
		for (int i = 0; i < 10_000; i++) {
			budget.onCall();
		}
		assertThat(budget.tokens()).isEqualTo(10.0);
	}

}
