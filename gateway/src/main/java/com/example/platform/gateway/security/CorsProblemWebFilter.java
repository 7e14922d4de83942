package com.example.platform.gateway.security;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The API's CORS policy, checked before authentication so that browsers' preflights (which carry no token) get
 * their answer. Spring's {@code CorsWebFilter} with one difference: a refused cross-origin request is a 403 problem,
 * not an empty 403.
 */
class CorsProblemWebFilter implements WebFilter {

	static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
			"Idempotency-Key", "traceparent", "tracestate");

	static final List<String> EXPOSED_HEADERS = List.of("X-RateLimit-Remaining", "X-RateLimit-Replenish-Rate",
			"X-RateLimit-Burst-Capacity", "X-RateLimit-Requested-Tokens", HttpHeaders.RETRY_AFTER,
			HttpHeaders.LOCATION, HttpHeaders.WWW_AUTHENTICATE);

	private final CorsConfiguration configuration;

	private final CorsProcessor processor = new DefaultCorsProcessor();

	CorsProblemWebFilter(List<String> allowedOrigins) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(allowedOrigins.stream().filter((origin) -> !origin.isBlank()).toList());
		configuration.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name(),
				HttpMethod.PUT.name(), HttpMethod.PATCH.name(), HttpMethod.DELETE.name()));
		configuration.setAllowedHeaders(ALLOWED_HEADERS);
		configuration.setExposedHeaders(EXPOSED_HEADERS);
		// Bearer tokens, no cookies
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(600L);
		this.configuration = configuration;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		if (!this.processor.process(this.configuration, exchange)) {
			return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
					"This cross-origin request is not allowed (origin, method or headers)."));
		}
		return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
	}

}
