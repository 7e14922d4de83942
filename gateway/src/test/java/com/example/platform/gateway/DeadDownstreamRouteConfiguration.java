package com.example.platform.gateway;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * One extra route, to an instance that is not running ({@code dead-service}, see {@link GatewayTestSupport}).
 * Added in code: a route list in test properties would replace the application.yaml list, not extend it.
 */
@TestConfiguration(proxyBeanMethods = false)
class DeadDownstreamRouteConfiguration {

	@Bean
	RouteLocator deadDownstreamRoute(RouteLocatorBuilder routes) {
		return routes.routes()
			.route("dead-service", (route) -> route.path("/api/dead/**").uri("lb://dead-service"))
			// The same dead instance behind the platform's route resilience (circuit breaker + fallback)
			.route("guarded-dead-service", (route) -> route.path("/api/guarded-dead/**")
				.filters((filters) -> filters.circuitBreaker((breaker) -> breaker.setName("guarded-dead-service")
					.setFallbackUri("forward:/fallback/guarded-dead-service")))
				.uri("lb://dead-service"))
			.build();
	}

}
