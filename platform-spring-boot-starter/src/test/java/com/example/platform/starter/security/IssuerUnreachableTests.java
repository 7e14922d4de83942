package com.example.platform.starter.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.platform.test.security.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the issuer's keys cannot be fetched, a request with a token is answered 503 with Retry-After (the
 * service cannot check it now), not 401 (the token may be fine) and not 500; no address in the answer.
 */
@SpringBootTest(classes = IssuerUnreachableTests.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.tracing.export.enabled=false")
class IssuerUnreachableTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void unreachableIssuer(DynamicPropertyRegistry registry) {
		TestIssuer.shared().resourceServerPropertiesWithUnreachableKeys().forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void aTokenThatCannotBeCheckedNowIsA503ProblemNotA401OrA500() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/things"))
				.header("Authorization", TestIssuer.shared().token("alice").bearer())
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("Exception");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApp {

		@RestController
		static class Things {

			@GetMapping("/things")
			String things() {
				return "things";
			}

		}

	}

}
