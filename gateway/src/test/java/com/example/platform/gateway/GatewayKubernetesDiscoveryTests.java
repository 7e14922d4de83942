package com.example.platform.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.example.platform.test.UseRedis;
import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile {@code kubernetes}: the real routes' {@code lb://<service>} resolve through Kubernetes discovery. A fabric8
 * mock API server holds the Services and Endpoints; the "pods" are HTTP servers on distinct loopback addresses
 * (127.0.0.1, 127.0.0.2, 127.0.0.3) and one port, as pods have one IP each and the same container port. Nothing is
 * configured through simple discovery, so a pod can only be reached if discovery found it.
 */
@EnableKubernetesMockClient(crud = true)
@UseTestIssuer
@UseRedis
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.cloud-platform=kubernetes", "spring.profiles.active=kubernetes" })
class GatewayKubernetesDiscoveryTests {

	private static final int REQUESTS = 10;

	/** Set by the mock server extension before the Spring context starts. */
	static KubernetesClient kubernetes;

	private static HttpServer customerPod1;

	private static HttpServer customerPod2;

	private static HttpServer notificationPod;

	@LocalServerPort
	int port;

	@BeforeAll
	static void podsAndTheirEndpoints() throws IOException {
		// The application builds its one client (discovery and configuration) from these, as in a pod
		System.setProperty("spring.cloud.kubernetes.client.master-url", kubernetes.getMasterUrl().toString());
		System.setProperty("spring.cloud.kubernetes.client.namespace", kubernetes.getNamespace());
		System.setProperty("spring.cloud.kubernetes.client.trust-certs", "true");
		customerPod1 = pod("127.0.0.1", 0, "customer-service pod 1");
		int podPort = customerPod1.getAddress().getPort();
		customerPod2 = pod("127.0.0.2", podPort, "customer-service pod 2");
		notificationPod = pod("127.0.0.3", podPort, "notification-service pod");
		service("customer-service", podPort, "127.0.0.1", "127.0.0.2");
		service("notification-service", podPort, "127.0.0.3");
	}

	@AfterAll
	static void stopPods() {
		System.clearProperty("spring.cloud.kubernetes.client.master-url");
		System.clearProperty("spring.cloud.kubernetes.client.namespace");
		System.clearProperty("spring.cloud.kubernetes.client.trust-certs");
		for (HttpServer pod : new HttpServer[] { customerPod1, customerPod2, notificationPod }) {
			if (pod != null) {
				pod.stop(0);
			}
		}
	}

	@Test
	void routesSpreadRequestsOverThePodsOfTheRoutesService() throws Exception {
		Map<String, Integer> answeredBy = new TreeMap<>();
		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = get("/api/customers/" + i);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			answeredBy.merge(response.body(), 1, Integer::sum);
		}
		System.out.println("Kubernetes discovery: " + REQUESTS + " requests to /api/customers -> " + answeredBy);
		// round robin over the two endpoints of customer-service, none to another service's pod
		assertThat(answeredBy).containsOnlyKeys("customer-service pod 1", "customer-service pod 2");
		assertThat(answeredBy.values()).containsOnly(REQUESTS / 2);
	}

	@Test
	void eachRouteReachesOnlyThePodsOfItsOwnService() throws Exception {
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = get("/api/notifications?orderId=" + i);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("notification-service pod");
		}
	}

	@Test
	void aServiceWithoutEndpointsIsUnavailableNotRoutedElsewhere() throws Exception {
		// order-service exists in no Endpoints: nothing to route to, and no 127.0.0.1 default instance either
		assertThat(get("/api/orders/1").statusCode()).isEqualTo(503);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", TestIssuer.shared().token("k8s-test").scopes("customers.read", "orders.read",
						"notifications.read").bearer())
				.build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static void service(String name, int port, String... podIps) {
		kubernetes.services()
			.resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
				.withNewSpec().addNewPort().withName("http").withPort(port).endPort().endSpec().build())
			.create();
		EndpointsBuilder endpoints = new EndpointsBuilder().withNewMetadata().withName(name).endMetadata();
		var subset = endpoints.addNewSubset();
		for (String ip : podIps) {
			subset.addNewAddress().withIp(ip).endAddress();
		}
		subset.addNewPort().withName("http").withPort(port).endPort().endSubset();
		kubernetes.endpoints().resource(endpoints.build()).create();
	}

	private static HttpServer pod(String ip, int port, String name) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(ip, port), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = name.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

}
