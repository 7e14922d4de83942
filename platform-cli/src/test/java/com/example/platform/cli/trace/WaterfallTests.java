package com.example.platform.cli.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaterfallTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void oneLinePerSpanUnderItsParentInStartOrder() {
		String waterfall = Waterfall.render(TRACE_ID, ZipkinSpan.parseTrace(resource("order-trace-sample.json")));
		// Zipkin answers in no particular order: the tree comes from parentId, siblings by start time (the
		// customer-service consumer started 2 ms before notification-service's)
		assertThat(waterfall).isEqualTo("""
				Trace 4bf92f3577b34da6a3ce929d0e0e4736: 10 spans from 4 services (gateway, order-service, customer-service, notification-service), 410.0 ms
				    start   duration  timeline                         service: span (kind)
				   0.0 ms   120.0 ms  [=========                     ] gateway: http post /api/orders (server)
				   2.0 ms   110.0 ms  [========                      ]   gateway: http post (client)
				   5.0 ms   100.0 ms  [========                      ]     order-service: http post /api/orders (server)
				  20.0 ms    35.0 ms  [ ===                          ]       order-service: platform.customer.v1.customerservice/reservecredit (client)
				  22.0 ms    30.0 ms  [ ===                          ]         customer-service: platform.customer.v1.customerservice/reservecredit (server)
				 350.0 ms     4.0 ms  [                         =    ]       order-service: platform.order.events.v1 send (producer -> kafka)
				 358.0 ms    12.0 ms  [                          =   ]         customer-service: platform.order.events.v1 receive (consumer -> kafka)
				 360.0 ms    50.0 ms  [                          ====]         notification-service: platform.order.events.v1 receive (consumer -> kafka)
				 370.0 ms    20.0 ms  [                           == ]           notification-service: http get (client, ERROR ResourceAccessException)
				 372.0 ms     8.0 ms  [                           =  ]             customer-service: http get /api/customers/{id} (server)
				""");
	}

	/** Zipkin's answer for the order of a real ./platform demo (2026-12-07), as the API returned it. */
	@Test
	void theDemoOrdersRecordedTraceFromGatewayToTheConsumersRestCall() {
		String traceId = "aa1d38e9e1f9985b51ba6567ef6b07c5";
		List<ZipkinSpan> spans = ZipkinSpan.parseTrace(resource("demo-order-trace.json"));
		// What ./platform demo waits for (tools/platform/trace.sh)
		assertThat(List.of("gateway:SERVER", "order-service:SERVER", "customer-service:SERVER:reservecredit",
				"order-service:PRODUCER", "notification-service:CONSUMER", "notification-service:CLIENT"))
			.allSatisfy((expectation) -> assertThat(SpanExpectation.parse(expectation).metBy(spans)).isTrue());
		List<String> labels = Waterfall.render(traceId, spans).lines().skip(2)
			.map((line) -> line.substring(line.indexOf(']') + 2))
			.toList();
		assertThat(labels).containsExactly("gateway: http post (server)",
				"  gateway: evalsha (client -> redis)",
				"  gateway: http post (client)",
				"    order-service: http post /api/orders (server)",
				"      order-service: platform.customer.v1.customerservice/reservecredit (client)",
				"        customer-service: platform.customer.v1.customerservice/reservecredit (server)",
				"      order-service: outbox publish",
				"        order-service: platform.order.events.v1 send (producer -> apache kafka: wuoxwmc3srmwynaijpubug)",
				"          customer-service: platform.order.events.v1 process (consumer)",
				"          notification-service: platform.order.events.v1 process (consumer)",
				"            notification-service: http get (client)",
				"              customer-service: http get /api/customers/{id} (server)");
		assertThat(Waterfall.render(traceId, spans)).startsWith("Trace " + traceId
				+ ": 12 spans from 4 services (gateway, order-service, customer-service, notification-service), 4030.2 ms");
	}

	@Test
	void aSpanWhoseParentHasNotArrivedStartsATreeOfItsOwn() {
		ZipkinSpan consumer = span("c", "p-missing", 200, 10, "notification-service");
		ZipkinSpan root = span("r", null, 100, 50, "gateway");
		ZipkinSpan child = span("x", "r", 110, 20, "order-service");
		String waterfall = Waterfall.render(TRACE_ID, List.of(consumer, child, root, child));
		assertThat(waterfall.lines().skip(2).map(String::strip).map((line) -> line.substring(line.indexOf(']') + 2)))
			.containsExactly("gateway: op", "  order-service: op", "notification-service: op");
	}

	@Test
	void aTraceWithNoSpansSaysSo() {
		assertThat(Waterfall.render(TRACE_ID, List.of())).isEqualTo("Trace " + TRACE_ID + ": no spans\n");
	}

	@Test
	void barsMarkWhereASpanLiesAndAtLeastOneColumn() {
		assertThat(Waterfall.bar(0, 100, 100)).isEqualTo("[" + "=".repeat(30) + "]");
		assertThat(Waterfall.bar(50, 0, 100)).isEqualTo("[" + " ".repeat(15) + "=" + " ".repeat(14) + "]");
		assertThat(Waterfall.bar(100, 0, 100)).isEqualTo("[" + " ".repeat(29) + "=]");
	}

	@Test
	void durationsInMillisecondsThenSeconds() {
		assertThat(Waterfall.duration(1234)).isEqualTo("1.2 ms");
		assertThat(Waterfall.duration(9_999_000)).isEqualTo("9999.0 ms");
		assertThat(Waterfall.duration(12_345_678)).isEqualTo("12.35 s");
	}

	@Test
	void expectationsMatchServiceKindAndNamePart() {
		List<ZipkinSpan> spans = ZipkinSpan.parseTrace(resource("order-trace-sample.json"));
		assertThat(SpanExpectation.parse("notification-service:consumer").metBy(spans)).isTrue();
		assertThat(SpanExpectation.parse("customer-service:SERVER:ReserveCredit").metBy(spans)).isTrue();
		assertThat(SpanExpectation.parse("gateway").metBy(spans)).isTrue();
		assertThat(SpanExpectation.parse("notification-service:PRODUCER").metBy(spans)).isFalse();
		assertThat(SpanExpectation.parse("customer-service:SERVER:CancelOrder").metBy(spans)).isFalse();
		assertThat(SpanExpectation.parse("auth-server").metBy(spans)).isFalse();
		assertThat(SpanExpectation.parse("customer-service:SERVER:ReserveCredit").describe())
			.isEqualTo("a server span named *reservecredit* of customer-service");
	}

	private static ZipkinSpan span(String id, String parentId, long timestamp, long duration, String service) {
		return new ZipkinSpan(id, parentId, null, "op", service, null, timestamp, duration, Map.of());
	}

	static String resource(String name) {
		try (InputStream in = WaterfallTests.class.getResourceAsStream("/trace/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
