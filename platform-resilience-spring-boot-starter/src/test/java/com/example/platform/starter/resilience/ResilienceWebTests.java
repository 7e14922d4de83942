package com.example.platform.starter.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbound and REST sides of the resilience defaults on a real server: hop-limit loop, budget
 * propagation and expiry, load shedding, retry budget and circuit breaker. Outbound calls go through an
 * {@code @HttpExchange} interface in HTTP service groups (one per downstream, configured by
 * {@code spring.http.serviceclient.<group>.*}), which get the platform's resilience by group name. Figures are printed
 * with the prefix [figures].
 */
@SpringBootTest(classes = ResilienceWebTests.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "platform.resilience.inbound.hop-limit=5", "platform.resilience.inbound.max-concurrent-requests=10",
				"resilience4j.circuitbreaker.instances.flaky-budget.minimum-number-of-calls=1000",
				"resilience4j.circuitbreaker.instances.flaky-budget.sliding-window-size=1000",
				"resilience4j.retry.instances.flaky-budget.wait-duration=5ms",
				"spring.http.serviceclient.slow-own-limit.read-timeout=300ms",
				"management.tracing.export.enabled=false" })
class ResilienceWebTests {

	/** The groups, each a downstream of its name; all of them are this test's own server. */
	private static final List<String> GROUPS = List.of("self", "flaky-budget", "flaky-breaker", "slow-caller-budget",
			"slow-own-limit");

	// A fixed port, so the groups' base URLs can be configured before the server starts
	private static final int PORT = freePort();

	@DynamicPropertySource
	static void serverAndGroups(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		GROUPS.forEach((group) -> registry.add("spring.http.serviceclient." + group + ".base-url",
				() -> "http://127.0.0.1:" + PORT));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@Autowired
	DownstreamResilience resilience;

	@Autowired
	TestController controller;

	@Autowired
	HttpServiceProxyRegistry clients;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Test
	void aRequestLoopEndsAtTheHopLimitWith508() throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = send(get("/loop"));
		long tookMs = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("[figures] loop: status %d after %d hops in %d ms%n", response.statusCode(),
				this.controller.loopCalls.get(), tookMs);
		assertThat(response.statusCode()).isEqualTo(508);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("hop limit");
		// hop limit 5 at the edge: handlers at 5, 4, 3, 2, 1; the request at 0 is refused before any handler
		assertThat(this.controller.loopCalls.get()).isEqualTo(5);
	}

	@Test
	void theRemainingBudgetAndHopLimitArePassedOn() throws Exception {
		HttpResponse<String> response = send(get("/relay").header(RequestBudget.DEADLINE_HEADER, "3000")
			.header(RequestBudget.HOP_LIMIT_HEADER, "7"));
		assertThat(response.statusCode()).isEqualTo(200);
		String[] seen = response.body().split(";");
		assertThat(Integer.parseInt(seen[0])).isBetween(1, 3000);
		assertThat(seen[1]).isEqualTo("6");
	}

	@Test
	void anExpiredBudgetIsAnsweredAtOnceAndNotForwarded() throws Exception {
		int before = this.controller.budgetCalls.get();
		HttpResponse<String> response = send(get("/relay").header(RequestBudget.DEADLINE_HEADER, "0"));
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).contains("\"status\":504");
		assertThat(this.controller.budgetCalls.get()).isEqualTo(before);
	}

	@Test
	void theBudgetTravelsDownstreamWhichStopsOnceItIsSpentAndThe504ComesBack() throws Exception {
		int before = this.controller.budgetCalls.get();
		long start = System.nanoTime();
		// The downstream takes 500 ms before its own call: the 300 ms it was given are spent by then
		HttpResponse<String> response = send(get("/relay-slow?ms=500").header(RequestBudget.DEADLINE_HEADER, "300"));
		long tookMs = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("[figures] budget 300 ms, downstream works 500 ms then calls on: status %d in %d ms%n",
				response.statusCode(), tookMs);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).contains("\"status\":504");
		assertThat(this.controller.budgetCalls.get()).as("calls made with a spent budget").isEqualTo(before);
	}

	@Test
	void beyondItsConcurrencyLimitTheServiceShedsLoadAtOnce() throws Exception {
		awaitNoRequestInFlight();
		// Clients keep pooled connections: open them first, so the figures measure the server, not TCP setup
		burst(20, "/slow?ms=0").forEach(CompletableFuture::join);
		awaitNoRequestInFlight();

		// Fill the capacity (10) with slow requests, then send the excess: 3 warm-up bursts of 10 more, then 5 measured
		List<CompletableFuture<Timed>> admitted = burst(10, "/slow?ms=2500");
		awaitInFlight(10);
		List<Long> shed = new ArrayList<>();
		int excessAdmitted = 0;
		for (int round = 0; round < 8; round++) {
			List<Timed> excessBurst = burst(10, "/slow?ms=0").stream().map(CompletableFuture::join).toList();
			if (round < 3) {
				continue; // warm-up: the first rejections run cold (interpreted) code
			}
			for (Timed excess : excessBurst) {
				if (excess.response.statusCode() == 503) {
					assertThat(excess.response.headers().firstValue("Retry-After")).hasValue("1");
					shed.add(excess.millis);
				}
				else {
					excessAdmitted++;
				}
			}
		}
		List<Timed> slow = admitted.stream().map(CompletableFuture::join).toList();
		Collections.sort(shed);
		long p50 = shed.get(shed.size() / 2);
		long p99 = shed.get((int) Math.ceil(shed.size() * 0.99) - 1);
		System.out.printf("[figures] load shedding, capacity 10 full, 50 more requests: %d shed (503) with p50 %d ms, "
				+ "p99 %d ms, max %d ms; %d of 10 admitted requests succeeded%n", shed.size(), p50, p99, shed.getLast(),
				slow.stream().filter((r) -> r.response.statusCode() == 200).count());
		assertThat(slow).allSatisfy((r) -> assertThat(r.response.statusCode()).isEqualTo(200));
		assertThat(excessAdmitted).as("nothing beyond the capacity is admitted while it is full").isZero();
		// Shed without waiting for capacity: every excess burst was answered while the admitted requests still held
		// it (none of them was admitted). How fast is a figure (printed above; docs/benchmarks.md), not a test.
		assertThat(shed).hasSize(50);
	}

	private List<CompletableFuture<Timed>> burst(int requests, String path) {
		List<CompletableFuture<Timed>> calls = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			calls.add(http.sendAsync(get(path).build(), HttpResponse.BodyHandlers.ofString())
				.thenApply((response) -> new Timed(response, (System.nanoTime() - start) / 1_000_000)));
		}
		return calls;
	}

	private void awaitNoRequestInFlight() throws InterruptedException {
		awaitInFlight(0);
	}

	private void awaitInFlight(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.meters.get("platform.http.server.requests.in.flight").gauge().value() != expected) {
			assertThat(System.nanoTime()).as("requests in flight never reached " + expected).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@Test
	void aFailingDownstreamSeesAtMostTheRetryBudget() {
		TestDownstream client = this.clients.getClient("flaky-budget", TestDownstream.class);
		int before = this.controller.flakyCalls.get();
		int calls = 50;
		for (int i = 0; i < calls; i++) {
			try {
				client.flaky();
			}
			catch (HttpServerErrorException expected) {
				assertThat(expected.getStatusCode().value()).isEqualTo(503);
			}
		}
		int attempts = this.controller.flakyCalls.get() - before;
		System.out.printf("[figures] retry budget: %d calls to a downstream failing every call -> %d attempts (%.2fx)%n",
				calls, attempts, attempts / (double) calls);
		assertThat(attempts).isGreaterThan(calls).isLessThanOrEqualTo((int) (calls * 1.2) + 3);
	}

	@Test
	void anOpenBreakerRefusesFast() {
		TestDownstream client = this.clients.getClient("flaky-breaker", TestDownstream.class);
		int before = this.controller.flakyCalls.get();
		List<Long> refusals = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long start = System.nanoTime();
			try {
				client.flaky();
			}
			catch (HttpServerErrorException failed) {
				// the downstream's own 503, while the breaker is still closed
			}
			catch (ErrorResponseException refused) {
				assertThat(refused.getStatusCode().value()).isEqualTo(503);
				assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
				refusals.add((System.nanoTime() - start) / 1000);
			}
		}
		int attempts = this.controller.flakyCalls.get() - before;
		Collections.sort(refusals);
		long p99 = refusals.get((int) Math.ceil(refusals.size() * 0.99) - 1);
		System.out.printf("[figures] breaker: 60 calls, downstream saw %d attempts, %d refused by the open breaker, "
				+ "refusal p99 %d us%n", attempts, refusals.size(), p99);
		assertThat(refusals).hasSizeGreaterThanOrEqualTo(45);
		// Refused without calling the downstream; the refusal time is a figure (printed above), not a test
		assertThat(attempts).isLessThanOrEqualTo(20);
	}

	/**
	 * A caller's budget cannot cut the socket wait short (the limit is the group's read timeout): it travels downstream,
	 * which stops once it is spent; that refusal is the caller's 504, not the downstream's failure.
	 */
	@Test
	void refusalsOfTheCallersOwnTightBudgetDoNotOpenTheBreaker() {
		TestDownstream client = this.clients.getClient("slow-caller-budget", TestDownstream.class);
		int before = this.controller.slowRelayCalls.get();
		int calls = 12;
		for (int i = 0; i < calls; i++) {
			// 200 ms: enough to reach the downstream, too little for its 300 ms of work before it calls on
			RequestBudget budget = RequestBudget.of(Duration.ofMillis(200), 10);
			org.assertj.core.api.Assertions
				.assertThatExceptionOfType(ErrorResponseException.class)
				.isThrownBy(() -> RequestBudget.runWith(budget, () -> client.slowRelay(300)))
				.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(504));
		}
		assertThat(this.controller.slowRelayCalls.get() - before).as("calls that reached the downstream")
			.isEqualTo(calls);
		io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = this.resilience.downstream("slow-caller-budget")
			.circuitBreaker();
		assertThat(breaker.getState()).as("breaker after " + calls + " calls refused for their callers' budgets")
			.isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void timeoutsAtTheDownstreamsOwnLimitStillOpenTheBreaker() {
		TestDownstream client = this.clients.getClient("slow-own-limit", TestDownstream.class);
		for (int i = 0; i < 10; i++) {
			org.assertj.core.api.Assertions
				.assertThatExceptionOfType(ErrorResponseException.class)
				.isThrownBy(() -> client.slow(1000))
				.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(504));
		}
		assertThat(this.resilience.downstream("slow-own-limit").circuitBreaker().getState())
			.as("breaker after 10 calls cut at the downstream's own 300 ms limit (its group's read timeout)")
			.isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(Duration.ofSeconds(20));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	record Timed(HttpResponse<String> response, long millis) {
	}

	/** What the test's server offers, as a downstream sees it. */
	interface TestDownstream {

		@GetExchange("/loop")
		String loop();

		@GetExchange("/budget")
		String budget();

		@GetExchange("/slow")
		String slow(@RequestParam long ms);

		@GetExchange("/slow-relay")
		String slowRelay(@RequestParam long ms);

		@GetExchange("/flaky")
		ResponseEntity<Void> flaky();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	@ImportHttpServices(group = "self", types = TestDownstream.class)
	@ImportHttpServices(group = "flaky-budget", types = TestDownstream.class)
	@ImportHttpServices(group = "flaky-breaker", types = TestDownstream.class)
	@ImportHttpServices(group = "slow-caller-budget", types = TestDownstream.class)
	@ImportHttpServices(group = "slow-own-limit", types = TestDownstream.class)
	static class TestApp {

		/** This app's own chain (a service's bean wins over the platform's): resilience, not security, is under test. */
		@Bean
		SecurityFilterChain openForResilienceTests(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf(AbstractHttpConfigurer::disable)
				.build();
		}

	}

	@RestController
	static class TestController {

		final AtomicInteger loopCalls = new AtomicInteger();

		final AtomicInteger budgetCalls = new AtomicInteger();

		final AtomicInteger flakyCalls = new AtomicInteger();

		final AtomicInteger slowRelayCalls = new AtomicInteger();

		private final TestDownstream self;

		TestController(HttpServiceProxyRegistry clients) {
			this.self = clients.getClient("self", TestDownstream.class);
		}

		@GetMapping("/loop")
		String loop() {
			this.loopCalls.incrementAndGet();
			return this.self.loop();
		}

		@GetMapping("/relay")
		String relay() {
			return this.self.budget();
		}

		/** Calls a downstream that works {@code ms} before it calls on. */
		@GetMapping("/relay-slow")
		String relaySlow(@RequestParam long ms) {
			return this.self.slowRelay(ms);
		}

		/** Works {@code ms}, then calls a downstream (with what is left of its budget). */
		@GetMapping("/slow-relay")
		String slowRelay(@RequestParam long ms) throws InterruptedException {
			this.slowRelayCalls.incrementAndGet();
			Thread.sleep(ms);
			return this.self.budget();
		}

		@GetMapping("/budget")
		String budget(@RequestHeader(name = RequestBudget.DEADLINE_HEADER, required = false) String budget,
				@RequestHeader(name = RequestBudget.HOP_LIMIT_HEADER, required = false) String hops) {
			this.budgetCalls.incrementAndGet();
			return budget + ";" + hops;
		}

		@GetMapping("/slow")
		String slow(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return "done";
		}

		@GetMapping("/flaky")
		ResponseEntity<Void> flaky() {
			this.flakyCalls.incrementAndGet();
			return ResponseEntity.status(503).build();
		}

	}

}
