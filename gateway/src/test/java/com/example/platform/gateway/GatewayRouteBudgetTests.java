package com.example.platform.gateway;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.config.HttpClientProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped routes' own time budgets (application.yaml, route {@code metadata.response-timeout}): each route has
 * one, they differ, and each is what its downstream receives as {@code X-Request-Budget-Ms}. That the gateway also
 * cuts a slow call at its route's budget is {@link GatewayResilienceTests}' business.
 */
class GatewayRouteBudgetTests extends GatewayTestSupport {

	private static final List<String> ROUTES = List.of("customer-service", "order-service", "notification-service");

	@Autowired
	HttpClientProperties httpClient;

	@Value("${platform.gateway.request-budget}")
	Duration defaultBudget;

	@Test
	void eachShippedRouteHasATimeBudgetOfItsOwnBelowTheGlobalOnes() {
		List<Long> budgets = ROUTES.stream().map(this::routeTimeoutMillis).toList();

		assertThat(budgets).as("route budgets " + ROUTES).doesNotHaveDuplicates()
			.allSatisfy((budget) -> assertThat(budget).isPositive()
				.isLessThan(this.httpClient.getResponseTimeout().toMillis())
				.isLessThan(this.defaultBudget.toMillis()));
	}

	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service", "/api/orders, order-service",
			"/api/notifications, notification-service" })
	void eachRoutePassesItsOwnBudgetDownstream(String prefix, String route) {
		String path = prefix + "/" + UUID.randomUUID();
		long budget = routeTimeoutMillis(route);

		this.client.get().uri(path).exchange().expectStatus().isOk();

		String received = downstreamOf(route).received(path).orElseThrow().header("X-Request-Budget-Ms");
		// The route's budget less what the gateway spent before sending (the budgets are more than 1 s apart)
		assertThat(Long.parseLong(received)).as("X-Request-Budget-Ms sent to " + route)
			.isBetween(budget - 1_000, budget);
	}

}
