package com.example.platform.gateway.edge;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Paths that exist inside the gateway but are not part of the API answer 404, with or without a token:
 * the route circuit breakers' {@code /fallback/**} (reached only by an internal forward, which does not pass
 * through web filters) and {@code /actuator/**} (served on the management port only, never through the edge).
 * <p>
 * The management server (a child context) applies the application's web filters too: requests that arrived on the
 * management port are left alone.
 */
class NotExposedWebFilter implements WebFilter, Ordered, ApplicationListener<WebServerInitializedEvent> {

	static final String MANAGEMENT_NAMESPACE = "management";

	/** Right after Spring Security (order -100), whose chain for these paths only adds the security headers. */
	static final int ORDER = -90;

	static final String[] PATHS = { "/actuator", "/actuator/**", "/fallback", "/fallback/**" };

	private final PathPattern[] patterns;

	private volatile int managementPort = -1;

	NotExposedWebFilter() {
		this.patterns = new PathPattern[PATHS.length];
		for (int i = 0; i < PATHS.length; i++) {
			this.patterns[i] = PathPatternParser.defaultInstance.parse(PATHS[i]);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (MANAGEMENT_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
			this.managementPort = event.getWebServer().getPort();
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		if (local != null && local.getPort() == this.managementPort) {
			return chain.filter(exchange);
		}
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
			}
		}
		return chain.filter(exchange);
	}

}
