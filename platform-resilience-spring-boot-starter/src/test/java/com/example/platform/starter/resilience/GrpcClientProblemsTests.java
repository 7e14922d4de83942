package com.example.platform.starter.resilience;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A failed gRPC call to a downstream, unhandled by the service, through an MVC test slice (which must pick it up). */
@WebMvcTest
@UseTestIssuer
class GrpcClientProblemsTests {

	@Autowired
	MockMvc mvc;

	@Test
	void unavailableGrpcDownstreamIsA503WithRetryAfter() throws Exception {
		this.mvc.perform(get("/calls/grpc-unavailable"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(not(containsString("customer-service.internal"))));
	}

	@Test
	void slowGrpcDownstreamIsA504() throws Exception {
		this.mvc.perform(get("/calls/grpc-deadline"))
			.andExpect(status().isGatewayTimeout())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aDownstreamAtItsHopLimitIsA508() throws Exception {
		this.mvc.perform(get("/calls/grpc-loop"))
			.andExpect(status().isLoopDetected())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(508));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(CallsController.class)
	static class TestApplication {

		/** Every request carries a valid token: the problems under test come after security. */
		@Bean
		MockMvcBuilderCustomizer authorizedRequests() {
			return (builder) -> builder.defaultRequest(get("/").header(HttpHeaders.AUTHORIZATION,
					TestIssuer.shared().token("problem-tester").bearer()));
		}

	}

	@RestController
	static class CallsController {

		@GetMapping("/calls/{outcome}")
		String call(@PathVariable String outcome) {
			switch (outcome) {
				case "grpc-unavailable" -> throw Status.UNAVAILABLE
					.withDescription("connection refused: customer-service.internal:9081")
					.asRuntimeException();
				case "grpc-deadline" -> throw Status.DEADLINE_EXCEEDED.asRuntimeException();
				case "grpc-loop" -> throw HopLimits.exceededStatus().asRuntimeException(HopLimits.exceededTrailers());
				default -> throw new IllegalArgumentException(outcome);
			}
		}

	}

}
