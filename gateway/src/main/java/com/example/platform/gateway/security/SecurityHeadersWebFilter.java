package com.example.platform.gateway.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

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

	/**
	 * The Swagger UI's pages (springdoc) need their own scripts, styles and images, and fetch the documents and the
	 * "try it out" calls from this origin: nothing from elsewhere, no inline script, never framed.
	 */
	static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
			+ "base-uri 'none'; form-action 'none'";

	private static final List<PathPattern> SWAGGER_UI_PATHS = Stream.of("/swagger-ui.html", "/swagger-ui/**")
		.map(PathPatternParser.defaultInstance::parse)
		.toList();

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			HEADERS.forEach(headers::set);
			PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
			if (SWAGGER_UI_PATHS.stream().anyMatch((pattern) -> pattern.matches(path))) {
				headers.set("Content-Security-Policy", SWAGGER_UI_CONTENT_SECURITY_POLICY);
			}
			headers.remove(HttpHeaders.PRAGMA);
			headers.remove(HttpHeaders.EXPIRES);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
