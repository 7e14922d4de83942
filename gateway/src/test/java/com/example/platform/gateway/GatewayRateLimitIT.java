package com.example.platform.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.test.UseRedis;
import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scripting.support.StaticScriptSource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-principal rate limit against the real Redis: with replenish rate R and burst B, a principal that keeps
 * asking gets B + R*T requests through over T seconds; the others are 429 problems with the rate-limit headers and
 * Retry-After. Figures are printed with the prefix [figures].
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"platform.gateway.rate-limit.replenish-rate=" + GatewayRateLimitIT.RATE,
		"platform.gateway.rate-limit.burst-capacity=" + GatewayRateLimitIT.BURST })
@AutoConfigureWebTestClient
@UseTestIssuer
@UseRedis
class GatewayRateLimitIT {

	static final int RATE = 5;

	static final int BURST = 10;

	static final int CALLERS = 4;

	static final FakeDownstream CUSTOMER_SERVICE = FakeDownstream.start("customer-service");

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		// A slow, shared machine: the first requests may take a while
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.customer-service[0].uri", CUSTOMER_SERVICE::uri);
	}

	@AfterAll
	static void stop() {
		CUSTOMER_SERVICE.close();
	}

	@Test
	void theLimiterRunsSpringCloudGatewaysScriptReadOnceNotOnEveryRequest(@Autowired ApplicationContext context)
			throws Exception {
		RedisScript<?> script = context.getBean("redisRequestRateLimiterScript", RedisScript.class);
		String original = new ClassPathResource("META-INF/scripts/request_rate_limiter.lua",
				RedisRateLimiter.class.getClassLoader()).getContentAsString(java.nio.charset.StandardCharsets.UTF_8);

		assertThat(script.getScriptAsString()).isEqualTo(original);
		// A static source: its SHA-1 is computed once; the default resource source asks the jar on every request
		assertThat(ReflectionTestUtils.getField(script, "scriptSource")).isInstanceOf(StaticScriptSource.class);
		assertThat(ReflectionTestUtils.getField(context.getBean(RedisRateLimiter.class), "script")).isSameAs(script);
	}

	@Test
	void requestsAllowedOverAWindowMatchBurstPlusRateTimesTime() throws Exception {
		int seconds = 6;
		String bearer = bearer("rate-" + UUID.randomUUID());
		// Warm the path (JWKS, connections, JIT) with another principal, so the window measures the limiter only
		for (int i = 0; i < 5; i++) {
			this.client.get().uri("/api/customers/warm-up").header(HttpHeaders.AUTHORIZATION, bearer("warm-" + i))
				.exchange().expectStatus().isOk();
		}
		// The Lua script refills R tokens at each whole second of Redis' clock (the same host clock here). The window
		// runs from the middle of one second to the middle of the second T seconds later: it holds exactly T refills,
		// and each is spent well before the window closes, so the discrete bucket and the formula agree.
		long now = System.currentTimeMillis();
		Thread.sleep(1000 - now % 1000 + 500);
		long start = System.currentTimeMillis();
		long end = start + seconds * 1000L;
		AtomicInteger allowed = new AtomicInteger();
		AtomicInteger limited = new AtomicInteger();
		AtomicInteger other = new AtomicInteger();
		// Several callers at once: the principal asks faster than R even on a slow, shared machine
		try (ExecutorService callers = Executors.newFixedThreadPool(CALLERS)) {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CALLERS; c++) {
				running.add(callers.submit(() -> {
					while (System.currentTimeMillis() < end) {
						int status = this.client.get().uri("/api/customers/" + UUID.randomUUID())
							.header(HttpHeaders.AUTHORIZATION, bearer)
							.exchange()
							.expectBody().returnResult().getStatus().value();
						(status == 200 ? allowed : status == 429 ? limited : other).incrementAndGet();
					}
				}));
			}
			for (Future<?> caller : running) {
				caller.get();
			}
		}
		double elapsed = (System.currentTimeMillis() - start) / 1000.0;
		int expected = BURST + RATE * seconds;
		double error = 100.0 * (allowed.get() - expected) / expected;
		System.out.printf("[figures] gateway rate limit R=%d/s B=%d, %d callers, window %d s (%.2f s with the last "
				+ "answers): %d allowed, %d limited (429); expected B + R*T = %d; error %+.1f %%%n", RATE, BURST,
				CALLERS, seconds, elapsed, allowed.get(), limited.get(), expected, error);
		assertThat(other.get()).as("answers other than 200 and 429").isZero();
		assertThat(limited.get()).as("the principal asked faster than the limit").isGreaterThanOrEqualTo(seconds);
		// Tolerance: one refill (R), for a request that straddles a second boundary on a loaded machine
		assertThat(allowed.get()).isBetween(expected - RATE, expected + RATE);
	}

	@Test
	void aLimitedRequestIsA429ProblemWithTheRateLimitHeadersAndRetryAfter() {
		String bearer = bearer("burst-" + UUID.randomUUID());
		EntityExchangeResult<byte[]> limited = null;
		for (int i = 0; i < 500 && limited == null; i++) {
			EntityExchangeResult<byte[]> result = this.client.get().uri("/api/customers/" + UUID.randomUUID())
				.header(HttpHeaders.AUTHORIZATION, bearer)
				.exchange()
				.expectHeader().valueEquals("X-RateLimit-Replenish-Rate", String.valueOf(RATE))
				.expectHeader().valueEquals("X-RateLimit-Burst-Capacity", String.valueOf(BURST))
				.expectHeader().valueEquals("X-RateLimit-Requested-Tokens", "1")
				.expectHeader().exists("X-RateLimit-Remaining")
				.expectBody().returnResult();
			if (result.getStatus().value() == 429) {
				limited = result;
			}
		}
		assertThat(limited).as("a 429 within the burst and a few seconds' refill").isNotNull();
		HttpHeaders headers = limited.getResponseHeaders();
		assertThat(headers.getFirst("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		String body = new String(limited.getResponseBodyContent());
		assertThat(body).contains("\"status\":429", "\"title\":\"Too Many Requests\"", "\"instance\":\"/api/customers/",
				"\"traceId\":");
		System.out.println("[figures] gateway 429: headers " + headers + " body " + body);

		// Another principal has a bucket of its own
		this.client.get().uri("/api/customers/1").header(HttpHeaders.AUTHORIZATION, bearer("other-" + UUID.randomUUID()))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(BURST - 1));
	}

	@Test
	void aLimitedPrincipalIsLetThroughAgainAfterRetryAfter() throws InterruptedException {
		String bearer = bearer("again-" + UUID.randomUUID());
		int status = 200;
		for (int i = 0; i < 500 && status != 429; i++) {
			status = this.client.get().uri("/api/customers/1").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
				.expectBody().returnResult().getStatus().value();
		}
		assertThat(status).isEqualTo(429);
		Thread.sleep(Duration.ofSeconds(1).plusMillis(100));
		this.client.get().uri("/api/customers/1").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
			.expectStatus().isOk();
	}

	private static String bearer(String subject) {
		return TestIssuer.shared().token(subject).scopes("customers.read").bearer();
	}

}
