package com.example.platform.test.openapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OpenAPI gates of a service's public REST API (contracts/README.md), for an integration test of the running
 * service to implement: the document it serves (GET /v3/api-docs.yaml, no token) is the committed
 * contracts/openapi/&lt;service&gt;.yaml, and that one keeps its baseline (contracts/openapi/baseline/). Implemented
 * by a test in the service's shared integration-test context, so it costs no start-up of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public interface OpenApiDocumentGates {

	/** The service's name: its documents are contracts/openapi/&lt;name&gt;.yaml and its baseline. */
	String serviceName();

	/** The port the running service answers HTTP on. */
	int serverPort();

	// Drift first: with -Dplatform.openapi.rewrite=true it rewrites the committed document the baseline check reads
	@Test
	@Order(1)
	default void theCommittedDocumentIsTheOneTheCodeServes() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort() + "/v3/api-docs.yaml"))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new AssertionError("GET /v3/api-docs.yaml without a token answered " + response.statusCode()
					+ ", expected 200: " + response.body());
		}
		OpenApiContract.of(serviceName()).assertMatchesCommitted(response.body());
	}

	@Test
	@Order(2)
	default void theCommittedDocumentKeepsItsBaseline() {
		OpenApiContract.of(serviceName()).assertNoBreakingChange();
	}

}
