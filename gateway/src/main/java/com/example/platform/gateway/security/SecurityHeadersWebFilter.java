package com.example.platform.gateway.security;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The security headers of an API on every response the application writes: the gateway's own (errors, 401/403,
 * probes, CORS preflights) and the services' (which it overwrites, so they are the same whatever the service sent).
 * First of all filters, so even requests Spring Security's firewall rejects get them. A response Reactor Netty writes
 * by itself before the application sees the request (e.g. 431, headers too large) has none.
 */
class SecurityHeadersWebFilter implements WebFilter, Ordered {

	static final Map<String, String> HEADERS = Map.of(
			"X-Content-Type-Options", "nosniff",
			"X-Frame-Options", "DENY",
			// JSON only: nothing may be loaded, framed or submitted from an API response
			"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
			"Referrer-Policy", "no-referrer",
			// Per-principal data: never stored by browsers or shared caches
			HttpHeaders.CACHE_CONTROL, "no-store",
			"Cross-Origin-Resource-Policy", "same-origin");

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			HEADERS.forEach(headers::set);
			headers.remove(HttpHeaders.PRAGMA);
			headers.remove(HttpHeaders.EXPIRES);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
