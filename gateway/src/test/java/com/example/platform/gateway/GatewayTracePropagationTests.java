package com.example.platform.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayTracePropagationTests extends GatewayTestSupport {

	// W3C trace context: version-traceid-parentid-flags
	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	@Test
	void downstreamContinuesTheCallersTraceUnderTheGatewaysOwnSpan() {
		String path = "/api/customers/" + UUID.randomUUID();

		this.client.get().uri(path).header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.exchange()
			.expectStatus().isOk();

		String forwarded = CUSTOMER_SERVICE.received(path).orElseThrow().header("traceparent");
		assertThat(forwarded).as("traceparent received downstream").isNotNull();
		String[] parts = forwarded.split("-");
		assertThat(parts).hasSize(4);
		assertThat(parts[1]).as("trace id").isEqualTo(TRACE_ID);
		// Not the caller's header copied through: the parent is a span the gateway created
		assertThat(parts[2]).as("parent span id").matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN_ID);
		// Bit 0 is "sampled"; OpenTelemetry may add bit 1 ("random trace id", W3C level 2)
		assertThat(Integer.parseInt(parts[3], 16) & 1).as("sampled flag kept").isEqualTo(1);
	}

	@Test
	void requestWithoutTraceStartsOneAndPropagatesIt() {
		String path = "/api/orders/" + UUID.randomUUID();

		this.client.get().uri(path).exchange().expectStatus().isOk();

		String forwarded = ORDER_SERVICE.received(path).orElseThrow().header("traceparent");
		assertThat(forwarded).as("traceparent received downstream").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
	}

	@Test
	void problemFromTheGatewayNamesTheCallersTrace() {
		this.client.get().uri("/api/unknown/" + UUID.randomUUID())
			.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.traceId").isEqualTo(TRACE_ID);
	}

}
