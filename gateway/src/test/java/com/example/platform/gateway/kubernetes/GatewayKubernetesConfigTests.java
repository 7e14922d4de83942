package com.example.platform.gateway.kubernetes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.kubernetes.commons.config.SecretsPropertySource;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Profile {@code kubernetes}: configuration from the API server (spring-cloud-kubernetes, fabric8 client), exactly as
 * {@code application-kubernetes.yaml} sets it up: the ConfigMap {@code gateway-reloadable-config} and the Secret
 * {@code gateway-secrets}, read by name at start, and the ConfigMap polled and reloaded into the running context. A
 * fabric8 mock API server holds them; the application builds its own client from
 * {@code spring.cloud.kubernetes.client.*}, pointed at it (as in a pod it would be pointed at the cluster).
 */
@EnableKubernetesMockClient(crud = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.cloud-platform=kubernetes", "spring.profiles.active=kubernetes",
				// the manifests' 15 s, shortened so the test waits less
				"spring.cloud.kubernetes.reload.period=500ms",
				// A refresh rebuilds the environment from the environment variables, system properties and command line
				// only: in a pod SPRING_PROFILES_ACTIVE and KUBERNETES_SERVICE_HOST are environment variables; here the
				// two properties above stand in for them, so the refresh is told to keep them
				"spring.cloud.refresh.additional-property-sources-to-retain=Inlined Test Properties" })
// The start state first, then the change
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayKubernetesConfigTests {

	private static final String CONFIG_MAP = "gateway-reloadable-config";

	private static final String SECRET = "gateway-secrets";

	private static final String LOGGER = "com.example.platform.gateway";

	private static final List<String> CLIENT_PROPERTIES = List.of("spring.cloud.kubernetes.client.master-url",
			"spring.cloud.kubernetes.client.namespace", "spring.cloud.kubernetes.client.trust-certs");

	/** Set by the mock server extension before the Spring context starts. */
	static KubernetesClient kubernetes;

	@Autowired
	ConfigurableEnvironment environment;

	@Autowired
	LoggingSystem loggingSystem;

	@Autowired
	RouteLocator routes;

	@BeforeAll
	static void configurationInTheApiServer() {
		// The config data loader runs before the context exists: it reads its client settings from the environment
		System.setProperty("spring.cloud.kubernetes.client.master-url", kubernetes.getMasterUrl().toString());
		System.setProperty("spring.cloud.kubernetes.client.namespace", kubernetes.getNamespace());
		System.setProperty("spring.cloud.kubernetes.client.trust-certs", "true");
		kubernetes.configMaps().resource(configMap("DEBUG")).create();
		kubernetes.secrets()
			.resource(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
				.addToData("spring.data.redis.password",
						Base64.getEncoder().encodeToString("s3cret-from-kubernetes".getBytes(StandardCharsets.UTF_8)))
				.build())
			.create();
	}

	@AfterAll
	static void clearClientProperties() {
		CLIENT_PROPERTIES.forEach(System::clearProperty);
	}

	@Test
	@Order(1)
	void propertiesFromTheConfigMapAndTheSecretAreInTheStartedContext() {
		assertThat(this.environment.getProperty("logging.level." + LOGGER)).isEqualTo("DEBUG");
		assertThat(this.loggingSystem.getLoggerConfiguration(LOGGER).getEffectiveLevel()).isEqualTo(LogLevel.DEBUG);
		assertThat(this.environment.getProperty("spring.data.redis.password")).isEqualTo("s3cret-from-kubernetes");
		// it comes from the Secret's property source (inside spring-cloud-kubernetes' composite), from nowhere else
		List<PropertySource<?>> sources = this.environment.getPropertySources().stream()
			.flatMap((source) -> (source instanceof CompositePropertySource composite)
					? composite.getPropertySources().stream() : Stream.of(source))
			// (the "configurationProperties" source is a view over all the others)
			.filter((source) -> !source.getName().equals("configurationProperties"))
			.filter((source) -> source.containsProperty("spring.data.redis.password"))
			.toList();
		assertThat(sources).singleElement().isInstanceOf(SecretsPropertySource.class);
		assertThat(sources.get(0).getName()).isEqualTo("secret." + SECRET + "." + kubernetes.getNamespace());
	}

	@Test
	@Order(2)
	void aChangedConfigMapIsReloadedIntoTheRunningContext() {
		List<String> routeIds = routeIds();
		assertThat(routeIds).contains("customer-service", "order-service", "notification-service");

		kubernetes.configMaps().resource(configMap("WARN")).update();

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(this.environment.getProperty("logging.level." + LOGGER)).isEqualTo("WARN");
			assertThat(this.loggingSystem.getLoggerConfiguration(LOGGER).getEffectiveLevel()).isEqualTo(LogLevel.WARN);
		});
		// the refresh rebuilt the routes from the refreshed environment: still all there
		assertThat(routeIds()).containsExactlyInAnyOrderElementsOf(routeIds);
		// and the Secret's value survived the refresh
		assertThat(this.environment.getProperty("spring.data.redis.password")).isEqualTo("s3cret-from-kubernetes");
	}

	private List<String> routeIds() {
		return this.routes.getRoutes().map(Route::getId).collectList().block(Duration.ofSeconds(10));
	}

	private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String level) {
		return new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).endMetadata()
			.addToData(Map.of("application.yaml", "logging:\n  level:\n    " + LOGGER + ": " + level + "\n"))
			.build();
	}

}
