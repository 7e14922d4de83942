package com.example.platform.order.ordering;

import java.util.UUID;

import com.example.platform.order.FakeCustomerService.Answer;
import com.example.platform.order.OrderServiceITSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OrderValidationIT extends OrderServiceITSupport {

	@Test
	void emptyItemsAreRejected() {
		assertInvalid(orderJson(UUID.randomUUID(), "[]"), "items");
	}

	@Test
	void negativeQuantityIsRejectedWithoutAskingForCredit() {
		UUID customerId = customerService.customer(Answer.RESERVE);

		assertInvalid(orderJson(customerId, """
				[{"sku": "BOOK-1", "quantity": -1, "unitPrice": 19.99}]"""), "items[0].quantity");
		assertThat(customerService.reservationsFor(customerId)).isEmpty();
	}

	@Test
	void missingCustomerIdIsRejected() {
		assertInvalid("""
				{"items": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 19.99}]}""", "customerId");
	}

	@Test
	void blankSkuAndNonPositivePriceAreRejectedTogether() {
		JsonNode problem = assertInvalid(orderJson(UUID.randomUUID(), """
				[{"sku": " ", "quantity": 1, "unitPrice": 0}]"""), "items[0].sku");
		assertThat(problem.get("errors").findValuesAsString("field")).contains("items[0].unitPrice");
	}

	@Test
	void malformedJsonIsABadRequestProblem() {
		Response response = post("/api/orders", "{\"customerId\": ");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertNoInternals(response);
	}

	@Test
	void malformedCustomerIdIsABadRequestProblem() {
		Response body = post("/api/orders", """
				{"customerId": "nope", "items": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 19.99}]}""");
		Response query = get("/api/orders?customerId=nope");

		assertThat(body.status()).isEqualTo(400);
		assertThat(body.contentType()).startsWith("application/problem+json");
		assertThat(query.status()).isEqualTo(400);
		assertThat(query.contentType()).startsWith("application/problem+json");
	}

	@Test
	void unknownOrMalformedOrderIdIsNotFound() {
		Response unknown = get("/api/orders/" + UUID.randomUUID());
		Response malformed = get("/api/orders/42");

		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(malformed.status()).isEqualTo(404);
		assertThat(malformed.contentType()).startsWith("application/problem+json");
	}

	private JsonNode assertInvalid(String body, String field) {
		long outboxBefore = outboxRows();

		Response response = post("/api/orders", body);

		assertThat(response.status()).as(response.raw()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("errors").findValuesAsString("field")).contains(field);
		assertNoInternals(response);
		assertThat(outboxRows()).isEqualTo(outboxBefore);
		return response.body();
	}

	private static void assertNoInternals(Response response) {
		assertThat(response.body().has("trace")).isFalse();
		assertThat(response.body().has("exception")).isFalse();
		assertThat(response.raw()).doesNotContain("at com.", "at org.", "Exception");
	}

}
