package com.example.platform.gateway;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.example.platform.gateway.resilience.CallerBudgetExceededException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines, hop limits, retries and circuit breakers of the shipped routes (application.yaml), for a gateway that
 * trusts its callers' control headers ({@code honor}; the default strips them: {@link GatewayInboundControlHeadersTests}).
 * <p>
 * Two settings differ from the shipped ones, through the properties the shipped configuration reads: the
 * notification route's time budget is 1 s (its variable in application.yaml), so that a slow call is cut well before
 * the 10 s that apply to any route without a budget of its own; and an open breaker stays open for 60 s, so that it
 * cannot turn half-open while a slow machine is still checking it. Every breaker is reset around each test.
 */
@TestPropertySource(properties = { "platform.gateway.inbound-control-headers=honor",
		"NOTIFICATION_SERVICE_ROUTE_TIMEOUT_MS=" + GatewayResilienceTests.NOTIFICATION_BUDGET_MS,
		"resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=" + GatewayResilienceTests.BREAKER_WAIT_S + "s" })
class GatewayResilienceTests extends GatewayTestSupport {

	static final long NOTIFICATION_BUDGET_MS = 1_000;

	static final long BREAKER_WAIT_S = 60;

	/** The route breakers' count window: a breaker that has not opened after this many failures never will. */
	private static final int BREAKER_WINDOW = 20;

	/** Resilience4j's minimum number of calls before a route breaker judges (application.yaml). */
	private static final int BREAKER_MINIMUM_CALLS = 10;

	@Autowired
	ReactiveResilience4JCircuitBreakerFactory breakers;

	@Autowired
	ReactiveResilience4jBulkheadProvider bulkheads;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	@AfterEach
	void closeEveryBreaker() {
		this.breakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	@Test
	void theRoutesTimeBudgetAndTheHopLimitArePassedOn() {
		String path = "/api/customers/" + UUID.randomUUID();

		this.client.get().uri(path).exchange().expectStatus().isOk();

		FakeDownstream.RecordedRequest received = CUSTOMER_SERVICE.received(path).orElseThrow();
		long budget = routeTimeoutMillis("customer-service");
		assertThat(Long.parseLong(received.header("X-Request-Budget-Ms"))).isBetween(budget - 1_000, budget);
		assertThat(received.header("X-Hop-Limit")).isEqualTo("9");
	}

	@Test
	void aSmallerBudgetOfTheClientWins() {
		String path = "/api/orders/" + UUID.randomUUID();

		this.client.get().uri(path).header("X-Request-Budget-Ms", "1500").header("X-Hop-Limit", "4").exchange()
			.expectStatus().isOk();

		FakeDownstream.RecordedRequest received = ORDER_SERVICE.received(path).orElseThrow();
		assertThat(Long.parseLong(received.header("X-Request-Budget-Ms"))).isBetween(1L, 1500L);
		assertThat(received.header("X-Hop-Limit")).isEqualTo("3");
	}

	@Test
	void aRequestAtHopLimitZeroIsRefusedWith508AndGoesNowhere() {
		String path = "/api/customers/" + UUID.randomUUID();

		this.client.get().uri(path).header("X-Hop-Limit", "0").exchange()
			.expectStatus().isEqualTo(508)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(508)
			.jsonPath("$.title").isEqualTo("Loop Detected")
			.jsonPath("$.instance").isEqualTo(path)
			.jsonPath("$.traceId").isNotEmpty();

		assertThat(CUSTOMER_SERVICE.received(path)).isEmpty();
	}

	// --- time budget of a route

	@Test
	void aSlowServiceIsCutAtItsOwnRoutesBudgetWithA504Problem() {
		// Slower than any budget: only a time limit can end the call
		String path = "/api/notifications/" + UUID.randomUUID() + "/delay/30000";
		long started = System.nanoTime();

		this.client.get().uri(path).exchange()
			.expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(504).jsonPath("$.instance").isEqualTo(path);

		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		System.out.printf("[figures] gateway, route budget %d ms, service slower than that: 504 after %d ms%n",
				NOTIFICATION_BUDGET_MS, elapsed.toMillis());
		// Not before the route's budget, and far from the 10 s that apply to a route without one of its own
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(NOTIFICATION_BUDGET_MS))
			.isLessThan(Duration.ofSeconds(6));
		// The service was told the same budget (the route's, from its metadata), and a timeout is never retried
		assertThat(NOTIFICATION_SERVICE.attempts("GET", path)).isOne();
		assertThat(NOTIFICATION_SERVICE.received(path).orElseThrow().header("X-Request-Budget-Ms"))
			.isEqualTo(Long.toString(NOTIFICATION_BUDGET_MS));
	}

	// --- a caller's own budget, smaller than the route's (honor mode)

	/**
	 * A trusted caller that gives its requests 1-3 ms is answered 504 at once each time, and since it is the caller that
	 * stopped waiting, not the service that failed, the route's breaker stays closed for everyone else.
	 */
	@Test
	void callsCutAtTheCallersOwnSmallerBudgetAre504sThatNeverOpenTheRoutesBreaker() {
		String service = "customer-service";
		double ignoredBefore = ignoredCalls(service);
		// More than the breaker's window: counted as failures, they would open it after the 10th
		int requests = BREAKER_WINDOW + 5;
		for (int i = 0; i < requests; i++) {
			// The service answers in 100 ms, well within the route's own budget (5 s)
			String path = "/api/customers/" + UUID.randomUUID() + "/delay/100";
			String budget = Integer.toString(1 + i % 3);
			int request = i + 1;

			this.client.get().uri(path).header("X-Request-Budget-Ms", budget).exchange()
				.expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.status").isEqualTo(504).jsonPath("$.instance").isEqualTo(path)
				.jsonPath("$.detail").value(String.class,
						(detail) -> assertThat(detail).as("request %d, budget %s ms", request, budget)
							.contains("time budget the caller gave"));
		}

		CircuitBreaker breaker = breaker(service);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		// The breaker saw every one of them (the cut happens inside it) and ignored it
		assertThat(ignoredCalls(service) - ignoredBefore).as("calls the breaker of " + service + " ignored")
			.isGreaterThanOrEqualTo(requests);
		management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
			.value((metrics) -> assertThat(metrics).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\""
					+ service + "\"[^}]*state=\"closed\"[^}]*\\} 1\\.0"));

		// An ordinary request right after: the route is open for business
		String ordinary = "/api/customers/" + UUID.randomUUID();
		this.client.get().uri(ordinary).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.service").isEqualTo(service);
		assertThat(CUSTOMER_SERVICE.received(ordinary)).isPresent();
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
	}

	/** The cut also ends a call already under way, with the service told the caller's budget, and counts no more. */
	@Test
	void aCallUnderWayIsCutAtTheCallersBudgetAndNotCountedAgainstTheService() {
		String service = "customer-service";
		double ignoredBefore = ignoredCalls(service);
		long clientBudget = 1_500;
		// Answers within the route's own budget (5 s), but after the caller's
		long serviceTime = 4_000;
		String path = "/api/customers/" + UUID.randomUUID() + "/delay/" + serviceTime;
		long started = System.nanoTime();

		this.client.get().uri(path).header("X-Request-Budget-Ms", Long.toString(clientBudget)).exchange()
			.expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.detail").value(String.class,
					(detail) -> assertThat(detail).contains("time budget the caller gave"));

		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		System.out.printf("[figures] gateway, caller budget %d ms, route budget %d ms, service %d ms: 504 after %d ms%n",
				clientBudget, routeTimeoutMillis(service), serviceTime, elapsed.toMillis());
		// Not before the caller's budget, and without waiting for the service's answer
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(clientBudget))
			.isLessThan(Duration.ofMillis(serviceTime));
		assertThat(CUSTOMER_SERVICE.attempts("GET", path)).isOne();
		assertThat(Long.parseLong(CUSTOMER_SERVICE.received(path).orElseThrow().header("X-Request-Budget-Ms")))
			.isBetween(1L, clientBudget);
		assertThat(breaker(service).getMetrics().getNumberOfFailedCalls()).as("failed calls of the breaker of " + service)
			.isZero();
		assertThat(ignoredCalls(service) - ignoredBefore).isEqualTo(1);
	}

	/**
	 * A service slower than its route's own budget fails: the breaker opens as for any other failure, whether the
	 * caller sent no budget or a larger one than the route's (the route's is then the limit).
	 */
	@Test
	void timeoutsAtTheRoutesOwnBudgetStillOpenItsBreaker() throws Exception {
		String service = "notification-service";
		// At once, so that the route's budget (1 s here) is waited for once, not ten times
		List<Callable<Void>> calls = IntStream.range(0, BREAKER_MINIMUM_CALLS).<Callable<Void>>mapToObj((i) -> () -> {
			String path = "/api/notifications/" + UUID.randomUUID() + "/delay/30000";
			this.client.get().uri(path)
				.headers((headers) -> {
					if (i % 2 == 1) {
						headers.set("X-Request-Budget-Ms", "60000");
					}
				})
				.exchange()
				.expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
				.expectBody().jsonPath("$.detail").value(String.class,
						(detail) -> assertThat(detail).contains("time budget of this route"));
			return null;
		}).toList();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Future<Void> call : executor.invokeAll(calls)) {
				call.get();
			}
		}

		CircuitBreaker breaker = breaker(service);
		assertThat(breaker.getState()).as("breaker of " + service + " after " + BREAKER_MINIMUM_CALLS
				+ " route timeouts, metrics: failed " + breaker.getMetrics().getNumberOfFailedCalls())
			.isEqualTo(CircuitBreaker.State.OPEN);
		String healthy = "/api/notifications/" + UUID.randomUUID();
		this.client.get().uri(healthy).exchange()
			.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody().jsonPath("$.detail").value(String.class,
					(detail) -> assertThat(detail).contains("circuit breaker open"));
		assertThat(NOTIFICATION_SERVICE.received(healthy)).isEmpty();
	}

	/** The route breakers and bulkheads are configured through Resilience4j's properties (application.yaml). */
	@Test
	void theRouteBreakersHaveThePlatformsSettings() {
		for (String route : List.of("customer-service", "order-service", "notification-service")) {
			// Spring Cloud CircuitBreaker makes a route's breaker and bulkhead on its first call
			this.client.get().uri(gatewayUri("/api/" + route.replace("-service", "s") + "/" + UUID.randomUUID()))
				.exchange().expectStatus().isOk();

			CircuitBreakerConfig config = breaker(route).getCircuitBreakerConfig();
			assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
			assertThat(config.getSlidingWindowSize()).as(route).isEqualTo(BREAKER_WINDOW);
			assertThat(config.getMinimumNumberOfCalls()).as(route).isEqualTo(BREAKER_MINIMUM_CALLS);
			assertThat(config.getFailureRateThreshold()).as(route).isEqualTo(50f);
			assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).as(route).isEqualTo(3);
			// the wait in the open state, as this test sets it
			assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).as(route)
				.isEqualTo(Duration.ofSeconds(BREAKER_WAIT_S).toMillis());
			assertThat(config.getIgnoreExceptionPredicate().test(new CallerBudgetExceededException(2))).as(route)
				.isTrue();
			// What the gateway's HTTP client raises at the route's own budget
			assertThat(config.getIgnoreExceptionPredicate()
				.test(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Response took longer than timeout",
						new org.springframework.cloud.gateway.support.TimeoutException("timeout"))))
				.as(route).isFalse();

			Bulkhead bulkhead = this.bulkheads.getBulkheadRegistry().find(route).orElseThrow();
			assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).as(route).isEqualTo(10_000);
			assertThat(bulkhead.getBulkheadConfig().getMaxWaitDuration()).as(route).isZero();
		}
	}

	// --- retries

	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service", "/api/orders, order-service",
			"/api/notifications, notification-service" })
	void aGetThatFailsOnceWith502IsRetriedAndSucceeds(String prefix, String service) {
		FakeDownstream downstream = downstreamOf(service);
		String path = prefix + "/" + UUID.randomUUID() + "/bad-gateway-once";

		this.client.get().uri(path).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.service").isEqualTo(service);

		assertThat(downstream.attempts("GET", path)).as("attempts " + service + " saw").isEqualTo(2);
	}

	/** A 503 is a service shedding load (retrying adds to it), a 504 a spent budget, a 500 a bug: none is retried. */
	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service, 503", "/api/orders, order-service, 503",
			"/api/notifications, notification-service, 503", "/api/customers, customer-service, 504",
			"/api/orders, order-service, 500" })
	void aGetAnsweredWithAnotherServerErrorIsNotRetried(String prefix, String service, int status) {
		FakeDownstream downstream = downstreamOf(service);
		String path = prefix + "/" + UUID.randomUUID() + "/status/" + status;

		this.client.get().uri(path).exchange()
			.expectStatus().isEqualTo(status)
			.expectBody().jsonPath("$.detail").isEqualTo("answered by " + service);

		assertThat(downstream.attempts("GET", path)).as("attempts " + service + " saw").isOne();
	}

	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service", "/api/orders, order-service" })
	void aPostThatFailsWith502IsNeverRetried(String prefix, String service) {
		FakeDownstream downstream = downstreamOf(service);
		String path = prefix + "/" + UUID.randomUUID() + "/bad-gateway-once";

		this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
			.expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY);

		// The answer is out, so every attempt the gateway made has been made
		assertThat(downstream.attempts("POST", path)).as("attempts " + service + " saw").isOne();
	}

	// --- circuit breakers

	@ParameterizedTest
	@CsvSource({ "/api/customers, customer-service", "/api/orders, order-service",
			"/api/notifications, notification-service" })
	void aFailingServiceOpensItsRoutesBreakerAndIsNoLongerCalled(String prefix, String service) {
		FakeDownstream downstream = downstreamOf(service);
		// Every call to this path loses its connection: a failure for the breaker, not retried (not a refusal)
		String failing = prefix + "/" + UUID.randomUUID() + "/abort";
		int failures = 0;
		while (!breakerOpen(service) && failures < BREAKER_WINDOW) {
			this.client.get().uri(failing).exchange()
				.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().exists("Retry-After")
				.expectBody().jsonPath("$.status").isEqualTo(503);
			failures++;
		}
		assertThat(breakerOpen(service)).as("breaker of " + service + " open after " + failures + " failures").isTrue();
		assertThat(downstream.attempts("GET", failing)).as("calls that reached " + service).isEqualTo(failures);

		// Open: a request that would succeed is answered by the fallback and goes nowhere
		String healthy = prefix + "/" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			this.client.get().uri(healthy).exchange()
				.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader().valueEquals("Retry-After", Long.toString(BREAKER_WAIT_S))
				.expectBody().jsonPath("$.status").isEqualTo(503).jsonPath("$.detail").value(String.class,
						(detail) -> assertThat(detail).contains("circuit breaker open"));
		}
		assertThat(downstream.received(healthy)).as("request to " + service + " while its breaker is open").isEmpty();
		assertThat(downstream.attempts("GET", failing)).isEqualTo(failures);
		management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
			.value((metrics) -> assertThat(metrics).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\""
					+ service + "\"[^}]*state=\"open\"[^}]*\\} 1\\.0"));
	}

	private CircuitBreaker breaker(String name) {
		return this.breakers.getCircuitBreakerRegistry()
			.find(name)
			.orElseThrow(() -> new AssertionError("no circuit breaker " + name));
	}

	/** Calls the breaker saw fail with an exception it ignores (Resilience4j's metric, 0 before its first call). */
	private double ignoredCalls(String name) {
		Timer ignored = this.meters.find("resilience4j.circuitbreaker.calls").tag("name", name).tag("kind", "ignored")
			.timer();
		return (ignored != null) ? ignored.count() : 0;
	}

	private boolean breakerOpen(String name) {
		return this.breakers.getCircuitBreakerRegistry()
			.find(name)
			.map((breaker) -> breaker.getState() == CircuitBreaker.State.OPEN)
			.orElse(false);
	}

}
