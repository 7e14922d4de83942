package com.example.platform.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.example.platform.test.openapi.OpenApiContract;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI gates of order-service's public REST API (contracts/README.md): the document the running service serves
 * (GET /v3/api-docs.yaml, no token) is the committed contracts/openapi/order-service.yaml, and that one keeps its baseline
 * (contracts/openapi/baseline/). In the shared integration-test context: no extra start-up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiDocumentIT extends OrderServiceITSupport {

	private static final OpenApiContract contract = OpenApiContract.of("order-service");

	@LocalServerPort
	private int serverPort;

	@Test
	@Order(1)
	void theCommittedDocumentIsTheOneTheCodeServes() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.serverPort + "/v3/api-docs.yaml"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as("GET /v3/api-docs.yaml without a token").isEqualTo(200);
		contract.assertMatchesCommitted(response.body());
	}

	@Test
	@Order(2)
	void theCommittedDocumentKeepsItsBaseline() {
		contract.assertNoBreakingChange();
	}

}
