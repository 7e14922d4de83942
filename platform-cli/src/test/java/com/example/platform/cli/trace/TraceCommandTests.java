package com.example.platform.cli.trace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace command against a stand-in for Zipkin's API (a JDK HTTP server answering recorded JSON). */
class TraceCommandTests {

	private static final String TRACE_ID = WaterfallTests.TRACE_ID;

	private static final String COMPLETE = WaterfallTests.resource("order-trace-sample.json");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private HttpServer zipkin;

	@AfterEach
	void stop() {
		if (this.zipkin != null) {
			this.zipkin.stop(0);
		}
	}

	@Test
	void printsTheWaterfallThenTheTracesAddressInZipkin() throws IOException {
		String url = zipkin((request) -> COMPLETE);
		assertThat(run(url + "/", TRACE_ID.toUpperCase())).isZero();
		assertThat(this.requests).containsExactly("/api/v2/trace/" + TRACE_ID);
		assertThat(text(this.out)).startsWith("Trace " + TRACE_ID + ": 10 spans from 4 services")
			.contains("notification-service: platform.order.events.v1 receive (consumer -> kafka)")
			.endsWith("Zipkin: " + url + "/zipkin/traces/" + TRACE_ID + "\n");
	}

	@Test
	void waitsUntilTheExpectedSpansHaveArrived() throws IOException {
		// First no trace at all (404), then the spans without notification-service's, then all of them
		String withoutConsumer = "[" + String.join(",", COMPLETE.strip().replaceAll("^\\[|\\]$", "")
			.lines()
			.filter((line) -> !line.contains("notification-service"))
			.map((line) -> line.replaceAll(",$", ""))
			.toList()) + "]";
		String url = zipkin((request) -> switch (request) {
			case 1 -> null;
			case 2 -> withoutConsumer;
			default -> COMPLETE;
		});
		assertThat(run(url, TRACE_ID, "--expect", "notification-service:CONSUMER", "--expect",
				"customer-service:SERVER:reservecredit", "--wait", "20")).isZero();
		assertThat(this.requests).hasSize(3);
		assertThat(text(this.out)).startsWith("waiting up to 20 s for the spans of notification-service, customer-service")
			.contains("Trace " + TRACE_ID + ": 10 spans")
			.doesNotContain("Incomplete");
	}

	@Test
	void saysWhatNeverArrivedAndFails() throws IOException {
		String url = zipkin((request) -> COMPLETE);
		assertThat(run(url, TRACE_ID, "--expect", "notification-service:PRODUCER", "--expect", "gateway:SERVER",
				"--wait", "1")).isEqualTo(TraceCommand.INCOMPLETE);
		assertThat(this.requests).hasSizeGreaterThan(1);
		assertThat(text(this.out)).contains("Trace " + TRACE_ID + ": 10 spans")
			.contains("Incomplete: after 1 s Zipkin still has no producer span of notification-service.")
			.contains("Zipkin: " + url + "/zipkin/traces/" + TRACE_ID);
	}

	@Test
	void anUnknownTraceIsNotAWaterfall() throws IOException {
		String url = zipkin((request) -> null);
		assertThat(run(url, TRACE_ID)).isEqualTo(TraceCommand.INCOMPLETE);
		assertThat(text(this.out)).startsWith("Zipkin has no spans of trace " + TRACE_ID + ".");
	}

	@Test
	void zipkinNotAnsweringMakesTheTraceUnavailableNotAnError() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertThat(run("http://127.0.0.1:" + port, TRACE_ID, "--expect", "gateway")).isEqualTo(TraceCommand.UNAVAILABLE);
		assertThat(text(this.out)).startsWith("The trace is unavailable: Zipkin does not answer at http://127.0.0.1:"
				+ port + " (connection refused).");
	}

	@Test
	void refusesAMalformedTraceIdOrExpectation() {
		assertThat(run("http://127.0.0.1:1", "not-a-trace")).isEqualTo(2);
		assertThat(text(this.err)).contains("a trace id is 32 (or 16) hex digits");
		assertThat(run("http://127.0.0.1:1", TRACE_ID, "--expect", "gateway:SENDER")).isEqualTo(2);
		assertThat(text(this.err)).contains("unknown span kind 'SENDER'");
		assertThat(run("http://127.0.0.1:1")).isEqualTo(2);
	}

	private int run(String... args) {
		this.out.reset();
		this.err.reset();
		return TraceCommand.run(List.of(args), new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	/** Starts the stand-in; {@code answers} gives the body of the n-th request (1, 2, ...), null for 404. */
	private String zipkin(IntFunction<String> answers) throws IOException {
		AtomicInteger count = new AtomicInteger();
		this.zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.zipkin.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestURI().getPath());
			String body = answers.apply(count.incrementAndGet());
			byte[] bytes = (body == null ? "Trace not found" : body).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		this.zipkin.start();
		return "http://127.0.0.1:" + this.zipkin.getAddress().getPort();
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}


}
