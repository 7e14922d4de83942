package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for one downstream service: records every request it receives and answers predictably.
 * <ul>
 * <li>{@code .../status/<code>}: that status with an RFC 9457 problem body naming this service</li>
 * <li>{@code .../delay/<ms>}: answers as below, but only after that many milliseconds (a slow service)</li>
 * <li>{@code .../abort}: closes the connection without answering (a service failing mid-request)</li>
 * <li>{@code .../bad-gateway-once}: the first request with this method and URI gets a 502 problem, the next ones
 * the answer below (a transient failure)</li>
 * <li>POST: 201 with a Location header (relative; {@code .../absolute-location}: this server's own absolute URL,
 * plus a Content-Location; {@code .../foreign-location}: {@link #FOREIGN_LOCATION}), echoing the request body</li>
 * <li>HEAD: 200 without a body</li>
 * <li>anything else: 200 with a JSON body naming this service and the URI it saw</li>
 * </ul>
 * Every answer also carries headers the edge must not pass on ({@link #LEAKY_HEADERS}) or must overwrite.
 */
final class FakeDownstream implements AutoCloseable {

	/** Headers naming the server software and a CORS policy of its own, which the gateway strips. */
	static final Map<String, String> LEAKY_HEADERS = Map.of("Server", "FakeDownstream/1.2.3 (JDK)", "X-Powered-By",
			"FakeFramework/9.9", "Access-Control-Allow-Origin", "*");

	private static final Pattern STATUS_PATH = Pattern.compile(".*/status/(\\d{3})$");

	static final String FOREIGN_LOCATION = "https://elsewhere.example/documents/42";

	private static final Pattern DELAY_PATH = Pattern.compile(".*/delay/(\\d+)$");

	private final String serviceName;

	private final HttpServer server;

	private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

	private FakeDownstream(String serviceName, HttpServer server) {
		this.serviceName = serviceName;
		this.server = server;
	}

	static FakeDownstream start(String serviceName) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeDownstream downstream = new FakeDownstream(serviceName, server);
			server.createContext("/", downstream::handle);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return downstream;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The request this downstream received for exactly this path and query, if any. */
	Optional<RecordedRequest> received(String pathAndQuery) {
		return received((request) -> request.uri().equals(pathAndQuery));
	}

	Optional<RecordedRequest> received(Predicate<RecordedRequest> match) {
		return this.requests.stream().filter(match).findFirst();
	}

	/** How many requests with this method, path and query this downstream received (each attempt counts). */
	long attempts(String method, String pathAndQuery) {
		return this.requests.stream()
			.filter((request) -> request.method().equals(method) && request.uri().equals(pathAndQuery))
			.count();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String uri = exchange.getRequestURI().getRawPath()
					+ ((exchange.getRequestURI().getRawQuery() != null) ? "?" + exchange.getRequestURI().getRawQuery() : "");
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
			String path = exchange.getRequestURI().getRawPath();
			long earlierAttempts = attempts(exchange.getRequestMethod(), uri);
			// Recorded before answering, so a test that has its response can always find the request
			this.requests.add(new RecordedRequest(exchange.getRequestMethod(), uri, headers, body));
			if (path.endsWith("/abort")) {
				// Closing an exchange whose headers were never sent closes the connection: no answer at all
				return;
			}
			Matcher delay = DELAY_PATH.matcher(path);
			if (delay.matches()) {
				sleep(Long.parseLong(delay.group(1)));
			}
			if (path.endsWith("/bad-gateway-once") && earlierAttempts == 0) {
				respond(exchange, 502, "application/problem+json", """
						{"title":"Bad Gateway","status":502,"detail":"transient failure of %s"}""".formatted(this.serviceName));
				return;
			}

			LEAKY_HEADERS.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			// A weaker value than the edge's, which must win
			exchange.getResponseHeaders().add("X-Frame-Options", "SAMEORIGIN");
			Matcher status = STATUS_PATH.matcher(path);
			if ("HEAD".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, -1);
			}
			else if (status.matches()) {
				int code = Integer.parseInt(status.group(1));
				respond(exchange, code, "application/problem+json", """
						{"type":"https://example.com/problems/from-%s","title":"Downstream says %d","status":%d,\
						"detail":"answered by %s","instance":"%s"}""".formatted(this.serviceName, code, code,
						this.serviceName, exchange.getRequestURI().getRawPath()));
			}
			else if ("POST".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().add("Location", location(path));
				if (path.endsWith("/absolute-location")) {
					exchange.getResponseHeaders().add("Content-Location", uri() + path + "/42?view=full");
				}
				respond(exchange, 201, "application/json", body);
			}
			else {
				respond(exchange, 200, "application/json",
						"{\"service\":\"%s\",\"uri\":\"%s\"}".formatted(this.serviceName, uri));
			}
		}
	}

	/** What a service builds from the request it received; {@code FOREIGN_LOCATION} names another host. */
	private String location(String path) {
		if (path.endsWith("/absolute-location")) {
			return uri() + path + "/42";
		}
		return path.endsWith("/foreign-location") ? FOREIGN_LOCATION : path + "/42";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

	record RecordedRequest(String method, String uri, Map<String, List<String>> headers, String body) {

		String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

	}

}
