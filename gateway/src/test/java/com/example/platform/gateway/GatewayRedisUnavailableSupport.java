package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A gateway whose Redis does not answer (nothing listens on its port): the rate limiter cannot be asked. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@UseTestIssuer
abstract class GatewayRedisUnavailableSupport {

	static final FakeDownstream CUSTOMER_SERVICE = FakeDownstream.start("customer-service");

	static final int REDIS_PORT = freePort();

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		// A slow, shared machine: the first requests may take a while
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void downstreamsAndADeadRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.customer-service[0].uri", CUSTOMER_SERVICE::uri);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> REDIS_PORT);
	}

	@AfterAll
	static void stop() {
		CUSTOMER_SERVICE.close();
	}

	static String bearer(String subject) {
		return TestIssuer.shared().token(subject).scopes("customers.read").bearer();
	}

	double unavailable(String outcome) {
		var counter = this.meters.find("gateway.rate.limit.redis.unavailable").tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
