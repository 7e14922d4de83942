package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one Spring context every gateway test shares: the real routes from application.yaml, with the
 * simple-discovery instances pointed at fake downstreams, plus one extra route to an instance that is not running.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(DeadDownstreamRouteConfiguration.class)
abstract class GatewayTestSupport {

	// Started once per JVM and shared, like the context that points at them
	static final FakeDownstream CUSTOMER_SERVICE = FakeDownstream.start("customer-service");

	static final FakeDownstream ORDER_SERVICE = FakeDownstream.start("order-service");

	static final FakeDownstream NOTIFICATION_SERVICE = FakeDownstream.start("notification-service");

	/** Nothing listens here: connections are refused at once. */
	static final int DEAD_PORT = freePort();

	@Autowired
	WebTestClient client;

	@LocalServerPort
	int port;

	/**
	 * An absolute URI, taken as is: a String given to WebTestClient is a template whose '%' would be encoded again.
	 */
	URI gatewayUri(String encodedPathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + encodedPathAndQuery);
	}

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.customer-service[0].uri", CUSTOMER_SERVICE::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", ORDER_SERVICE::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.notification-service[0].uri",
				NOTIFICATION_SERVICE::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.dead-service[0].uri",
				() -> "http://127.0.0.1:" + DEAD_PORT);
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
