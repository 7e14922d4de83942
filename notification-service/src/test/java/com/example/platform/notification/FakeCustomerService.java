package com.example.platform.notification;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for customer-service's REST API ({@code GET /api/customers/{id}}) on a free local port. Tests register
 * customers under fresh ids, so they do not see each other's setup. It records the Authorization header of every
 * lookup and, once told which tokens to accept ({@link #requireBearer}), answers 401 to any other, like the real
 * service.
 */
public final class FakeCustomerService implements AutoCloseable {

	private final HttpServer server;

	private final Map<UUID, String> customers = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

	private final Map<UUID, Duration> delays = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final Map<UUID, String> authorizations = new ConcurrentHashMap<>();

	private volatile Predicate<String> acceptedToken;

	private FakeCustomerService(HttpServer server) {
		this.server = server;
		server.createContext("/api/customers/", this::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
	}

	public static FakeCustomerService start() {
		try {
			return new FakeCustomerService(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Registers a new customer and returns its id; the email is {@code <name>@example.com}. */
	public UUID addCustomer(String name) {
		return addCustomer(UUID.randomUUID(), name);
	}

	/** Registers a customer under a given id (e.g. one that was unknown until now). */
	public UUID addCustomer(UUID id, String name) {
		this.customers.put(id, """
				{"id":"%s","name":"%s","email":"%s@example.com","creditLimit":1000.00,"availableCredit":1000.00}"""
			.formatted(id, name, name));
		return id;
	}

	/** The next {@code times} lookups of this customer answer 503. */
	public void failNext(UUID customerId, int times) {
		this.failuresLeft.put(customerId, new AtomicInteger(times));
	}

	/** Lookups of this customer answer only after this delay. */
	public void delay(UUID customerId, Duration delay) {
		this.delays.put(customerId, delay);
	}

	/** From now on, a lookup without a bearer token this predicate accepts (given the token) answers 401. */
	public void requireBearer(Predicate<String> acceptedToken) {
		this.acceptedToken = acceptedToken;
	}

	/** The Authorization header of the last lookup of this customer (null: none came, or without one). */
	public String authorization(UUID customerId) {
		return this.authorizations.get(customerId);
	}

	public int calls(UUID customerId) {
		AtomicInteger count = this.calls.get(customerId);
		return (count != null) ? count.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String last = exchange.getRequestURI().getPath().substring("/api/customers/".length());
			UUID id;
			try {
				id = UUID.fromString(last);
			}
			catch (IllegalArgumentException ex) {
				respond(exchange, 404, "{\"status\":404}");
				return;
			}
			this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization != null) {
				this.authorizations.put(id, authorization);
			}
			Predicate<String> accepted = this.acceptedToken;
			if (accepted != null && (authorization == null || !authorization.startsWith("Bearer ")
					|| !accepted.test(authorization.substring("Bearer ".length())))) {
				exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
				respond(exchange, 401, "{\"status\":401}");
				return;
			}
			Duration delay = this.delays.get(id);
			if (delay != null) {
				sleep(delay);
			}
			AtomicInteger failures = this.failuresLeft.get(id);
			if (failures != null && failures.getAndDecrement() > 0) {
				respond(exchange, 503, "{\"status\":503}");
				return;
			}
			String customer = this.customers.get(id);
			if (customer == null) {
				respond(exchange, 404, "{\"status\":404}");
				return;
			}
			respond(exchange, 200, customer);
		}
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
