package com.example.platform.gateway;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayRoutingTests extends GatewayTestSupport {

	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service", "/api/orders, order-service",
			"/api/notifications, notification-service" })
	void routesTheCollectionPathAndItsSubPathsToTheOwningService(String prefix, String service) {
		FakeDownstream downstream = downstreamOf(service);
		String marker = UUID.randomUUID().toString();

		// The bare collection path, with a query (as in GET /api/orders?customerId=...)
		String collection = prefix + "?customerId=" + marker + "&page=1";
		this.client.get().uri(gatewayUri(collection)).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.service").isEqualTo(service).jsonPath("$.uri").isEqualTo(collection);

		// A sub-path with an encoded query value: forwarded as received, neither decoded nor encoded twice
		String item = prefix + "/" + marker + "?q=a%20b%2Bc";
		this.client.get().uri(gatewayUri(item)).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.service").isEqualTo(service).jsonPath("$.uri").isEqualTo(item);

		assertThat(downstream.received(collection)).hasValueSatisfying(
				(request) -> assertThat(request.method()).isEqualTo("GET"));
		assertThat(downstream.received(item)).isPresent();
		otherDownstreams(service).forEach((other) -> assertThat(other.received(item)).isEmpty());
	}

	@Test
	void forwardsPostBodiesAndTheDownstreamsCreatedResponse() {
		String marker = UUID.randomUUID().toString();
		String body = """
				{"customerId":"%s","items":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}]}""".formatted(marker);

		this.client.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Location", "/api/orders/42")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json(body);

		assertThat(ORDER_SERVICE.received((request) -> request.body().contains(marker)))
			.hasValueSatisfying((request) -> {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.uri()).isEqualTo("/api/orders");
				assertThat(request.body()).isEqualTo(body);
				assertThat(request.header("Content-Type")).startsWith(MediaType.APPLICATION_JSON_VALUE);
			});
	}

	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service, 404", "/api/orders, order-service, 422",
			"/api/orders, order-service, 409", "/api/notifications, notification-service, 400",
			"/api/customers, customer-service, 503" })
	void passesDownstreamErrorStatusesAndProblemBodiesThroughUnchanged(String prefix, String service, int status) {
		String path = prefix + "/" + UUID.randomUUID() + "/status/" + status;

		this.client.get().uri(path).exchange()
			.expectStatus().isEqualTo(status)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.type").isEqualTo("https://example.com/problems/from-" + service)
			.jsonPath("$.detail").isEqualTo("answered by " + service)
			.jsonPath("$.instance").isEqualTo(path);
	}

	private static List<FakeDownstream> otherDownstreams(String service) {
		return Stream.of(CUSTOMER_SERVICE, ORDER_SERVICE, NOTIFICATION_SERVICE)
			.filter((downstream) -> downstream != downstreamOf(service))
			.toList();
	}

}
