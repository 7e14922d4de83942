package com.example.platform.customer.customers;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.customer.CustomerServiceITSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerRestIT extends CustomerServiceITSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void createsACustomerWithAllItsCreditAvailableAndReadsItBack() {
		String email = uniqueEmail();
		EntityExchangeResult<String> created = post(Map.of("name", "Ada Lovelace", "email", email, "creditLimit", 1500));

		assertThat(created.getStatus()).isEqualTo(HttpStatus.CREATED);
		JsonNode body = json.readTree(created.getResponseBody());
		String id = body.get("id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(body.get("name").asString()).isEqualTo("Ada Lovelace");
		assertThat(body.get("email").asString()).isEqualTo(email);
		assertThat(body.get("creditLimit").decimalValue()).isEqualByComparingTo("1500");
		assertThat(body.get("availableCredit").decimalValue()).isEqualByComparingTo("1500");
		assertThat(created.getResponseHeaders().getLocation()).isNotNull();
		assertThat(created.getResponseHeaders().getLocation().getPath()).isEqualTo("/api/customers/" + id);

		EntityExchangeResult<String> read = get(created.getResponseHeaders().getLocation().getPath());
		assertThat(read.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(json.readTree(read.getResponseBody())).isEqualTo(body);
	}

	@Test
	void keepsCentsExactly() {
		EntityExchangeResult<String> created = post(
				Map.of("name", "Cents", "email", uniqueEmail(), "creditLimit", new java.math.BigDecimal("19.99")));

		assertThat(created.getStatus()).isEqualTo(HttpStatus.CREATED);
		assertThat(json.readTree(created.getResponseBody()).get("creditLimit").decimalValue())
			.isEqualByComparingTo("19.99");
	}

	@Test
	void rejectsInvalidFieldsWithAProblemListingEachField() {
		EntityExchangeResult<String> result = post(
				Map.of("name", " ", "email", "not-an-email", "creditLimit", new java.math.BigDecimal("-1.005")));

		assertProblem(result, HttpStatus.BAD_REQUEST);
		JsonNode errors = json.readTree(result.getResponseBody()).get("errors");
		assertThat(errors).isNotNull();
		List<String> fields = errors.valueStream().map((error) -> error.get("field").asString()).toList();
		assertThat(fields).contains("name", "email", "creditLimit");
		assertThat(errors.valueStream().map((error) -> error.get("message").asString()))
			.allSatisfy((message) -> assertThat(message).isNotBlank());
	}

	@Test
	void rejectsAMissingCreditLimitAndATooLongName() {
		EntityExchangeResult<String> result = post(Map.of("name", "x".repeat(201), "email", uniqueEmail()));

		assertProblem(result, HttpStatus.BAD_REQUEST);
		List<String> fields = json.readTree(result.getResponseBody())
			.get("errors")
			.valueStream()
			.map((error) -> error.get("field").asString())
			.toList();
		assertThat(fields).contains("name", "creditLimit");
	}

	@Test
	void rejectsMalformedJsonWithAProblem() {
		EntityExchangeResult<String> result = this.http.post()
			.uri("/api/customers")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"Ada\", \"email\": ")
			.exchange()
			.returnResult(String.class);

		assertProblem(result, HttpStatus.BAD_REQUEST);
	}

	@Test
	void refusesASecondCustomerWithTheSameEmailWhateverItsCase() {
		String email = uniqueEmail();
		assertThat(post(Map.of("name", "First", "email", email, "creditLimit", 10)).getStatus())
			.isEqualTo(HttpStatus.CREATED);

		EntityExchangeResult<String> duplicate = post(
				Map.of("name", "Second", "email", email.toUpperCase(), "creditLimit", 10));

		assertProblem(duplicate, HttpStatus.CONFLICT);
		assertThat(json.readTree(duplicate.getResponseBody()).get("detail").asString()).contains("email");
	}

	@Test
	void answersAnUnknownIdWithANotFoundProblem() {
		EntityExchangeResult<String> result = get("/api/customers/" + UUID.randomUUID());

		assertProblem(result, HttpStatus.NOT_FOUND);
	}

	@Test
	void answersAMalformedIdWithANotFoundProblem() {
		assertProblem(get("/api/customers/not-a-uuid"), HttpStatus.NOT_FOUND);
		assertProblem(get("/api/customers/1-2-3-4-5"), HttpStatus.NOT_FOUND);
	}

	private EntityExchangeResult<String> post(Map<String, Object> body) {
		return this.http.post()
			.uri("/api/customers")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> get(String path) {
		return this.http.get().uri(path).exchange().returnResult(String.class);
	}

	private static void assertProblem(EntityExchangeResult<String> result, HttpStatus status) {
		assertThat(result.getStatus()).isEqualTo(status);
		assertThat(result.getResponseHeaders().getContentType())
			.isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
		JsonNode problem = json.readTree(result.getResponseBody());
		assertThat(problem.get("status").asInt()).isEqualTo(status.value());
		assertThat(problem.has("title")).isTrue();
		// No internals leak to the client.
		assertThat(problem.has("trace")).isFalse();
		assertThat(result.getResponseBody()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private static String uniqueEmail() {
		return "customer-" + UUID.randomUUID() + "@example.com";
	}

}
