package com.example.platform.starter.web;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The problem bodies a service answers, through a Spring MVC test slice (proves the slice picks the handler up). */
@WebMvcTest
@UseTestIssuer
class MvcProblemDetailsTests {

	@Autowired
	MockMvc mvc;

	@Test
	void invalidFieldsAreListedByName() throws Exception {
		this.mvc
			.perform(post("/things").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"\", \"email\": \"not-an-email\", \"items\": [], \"price\": -1}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(jsonPath("$.instance").value("/things"))
			.andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("name", "email", "items", "price")));
	}

	@Test
	void malformedJsonIsABadRequestWithoutParserInternals() throws Exception {
		this.mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(not(containsString("tools.jackson"))))
			.andExpect(jsonPath("$.detail").value(not(containsString("Exception"))));
	}

	@Test
	void unknownRoutesAreNotFoundProblems() throws Exception {
		this.mvc.perform(get("/no-such-thing"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(404));
	}

	@Test
	void domainErrorsKeepTheirStatusAndDetail() throws Exception {
		this.mvc.perform(get("/things/missing"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("No thing 'missing'"));
	}

	@Test
	void unexpectedErrorsAreA500WithoutStackTraceOrMessage() throws Exception {
		this.mvc.perform(get("/things/boom"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(content().string(not(containsString("secret-internal-detail"))))
			.andExpect(content().string(not(containsString("at " + ThingsController.class.getName()))));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ThingsController.class)
	static class TestApplication {

		/** Every request of this class carries a valid token: the problems under test come after security. */
		@Bean
		MockMvcBuilderCustomizer authorizedRequests() {
			return (builder) -> builder.defaultRequest(get("/").header(HttpHeaders.AUTHORIZATION,
					TestIssuer.shared().token("problem-tester").bearer()));
		}

	}

	record NewThing(@NotBlank String name, @Email String email, @NotEmpty List<String> items,
			@Positive BigDecimal price) {
	}

	@RestController
	static class ThingsController {

		@PostMapping("/things")
		NewThing create(@Valid @RequestBody NewThing thing) {
			return thing;
		}

		@GetMapping("/things/{id}")
		String get(@PathVariable String id) {
			switch (id) {
				case "boom" -> throw new IllegalStateException("secret-internal-detail");
				default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No thing '" + id + "'");
			}
		}

	}

}
