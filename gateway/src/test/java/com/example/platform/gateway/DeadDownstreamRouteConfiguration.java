package com.example.platform.gateway;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * One extra route, to an instance that is not running ({@code dead-service}, see {@link GatewayTestSupport}), with
 * no circuit breaker: what the gateway answers when a connection is refused and no fallback takes over. The shipped
 * routes' breakers are tested on the shipped routes ({@link GatewayResilienceTests}). Added in code: a route list in
 * test properties would replace the application.yaml list, not extend it.
 */
@TestConfiguration(proxyBeanMethods = false)
class DeadDownstreamRouteConfiguration {

	@Bean
	RouteLocator deadDownstreamRoute(RouteLocatorBuilder routes) {
		return routes.routes()
			.route("dead-service", (route) -> route.path("/api/dead/**").uri("lb://dead-service"))
			.build();
	}

}
