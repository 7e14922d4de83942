package com.example.platform.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * By default the gateway is a public edge: the platform's control headers sent by a client are ignored, so nobody
 * outside can make a request fail with a spent budget or a zero hop limit; the chain starts here.
 */
class GatewayInboundControlHeadersTests extends GatewayTestSupport {

	@Test
	void aClientsBudgetAndHopLimitAreReplacedByTheGatewaysOwn() {
		long routeBudget = routeTimeoutMillis("customer-service");
		for (String[] sent : new String[][] { { "0", "0" }, { "1", "1" }, { "-5", "-1" }, { "abc", "x" },
				{ "99999999999", "1000" } }) {
			String path = "/api/customers/" + UUID.randomUUID();

			this.client.get().uri(path).header("X-Request-Budget-Ms", sent[0]).header("X-Hop-Limit", sent[1])
				.exchange()
				.expectStatus().isOk();

			FakeDownstream.RecordedRequest received = CUSTOMER_SERVICE.received(path).orElseThrow();
			// the route's own budget (minus what the gateway spent) and the gateway's hop limit (10) minus one
			assertThat(Long.parseLong(received.header("X-Request-Budget-Ms"))).as("budget sent " + sent[0])
				.isBetween(routeBudget - 1_000, routeBudget);
			assertThat(received.header("X-Hop-Limit")).as("hop limit sent " + sent[1]).isEqualTo("9");
		}
	}

}
