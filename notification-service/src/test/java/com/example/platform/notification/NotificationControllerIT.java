package com.example.platform.notification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The query API: by customer, by order, and its problem responses. */
class NotificationControllerIT extends IntegrationTestSupport {

	@Test
	void notificationsOfACustomerAcrossOrdersOldestFirst() {
		UUID customerId = customerService.addCustomer("katherine");
		UUID otherCustomerId = customerService.addCustomer("dorothy");
		UUID firstOrder = UUID.randomUUID();
		UUID secondOrder = UUID.randomUUID();
		UUID otherOrder = UUID.randomUUID();

		send(firstOrder, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(firstOrder, customerId, "1.00"));
		awaitNotificationsOfOrder(firstOrder, 1);
		send(secondOrder, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(secondOrder, customerId, "2.00"));
		send(otherOrder, ORDER_PLACED, UUID.randomUUID().toString(), orderPlaced(otherOrder, otherCustomerId, "3.00"));
		awaitNotificationsOfOrder(secondOrder, 1);
		awaitNotificationsOfOrder(otherOrder, 1);

		List<Map<String, Object>> notifications = notifications("customerId", customerId);
		assertThat(notifications).extracting((notification) -> notification.get("orderId"))
			.containsExactly(firstOrder.toString(), secondOrder.toString());
		assertThat(notifications).allSatisfy((notification) -> assertThat(notification)
			.containsEntry("customerId", customerId.toString())
			.containsEntry("recipient", "katherine@example.com"));
	}

	@Test
	void anOrderWithoutNotificationsGivesAnEmptyList() {
		assertThat(notifications("orderId", UUID.randomUUID())).isEmpty();
	}

	@Test
	void neitherOrderIdNorCustomerIdIsABadRequestProblem() {
		Problem problem = get("/api/notifications");

		assertThat(problem.status()).isEqualTo(HttpStatusCode.valueOf(400));
		assertThat(problem.contentType()).matches(MediaType.APPLICATION_PROBLEM_JSON::isCompatibleWith);
		assertThat(problem.body()).containsEntry("status", 400)
			.containsEntry("detail", "Give an orderId or a customerId parameter.");
	}

	@Test
	void aMalformedUuidIsABadRequestProblem() {
		Problem byOrder = get("/api/notifications?orderId=not-a-uuid");
		Problem byCustomer = get("/api/notifications?customerId=42");

		assertThat(List.of(byOrder, byCustomer)).allSatisfy((problem) -> {
			assertThat(problem.status()).isEqualTo(HttpStatusCode.valueOf(400));
			assertThat(problem.contentType()).matches(MediaType.APPLICATION_PROBLEM_JSON::isCompatibleWith);
			assertThat(problem.body()).containsEntry("status", 400);
		});
	}

	private Problem get(String uri) {
		return this.http.get()
			.uri(uri)
			.exchange((request, response) -> new Problem(response.getStatusCode(),
					response.getHeaders().getContentType(), response.bodyTo(new ParameterizedTypeReference<Map<String, Object>>() {
					})));
	}

	record Problem(HttpStatusCode status, MediaType contentType, Map<String, Object> body) {
	}

}
