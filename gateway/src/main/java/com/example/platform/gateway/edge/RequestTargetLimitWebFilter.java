package com.example.platform.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A request target (path and query) longer than {@code platform.gateway.edge.max-request-target-length} gets a 414
 * problem and goes nowhere, before authentication. Decided here rather than by Netty's own request-line limit
 * ({@code server.netty.max-initial-line-length}, raised far above this one): a request Netty refuses while decoding
 * it can get no answer at all when it follows another one on a keep-alive connection (a race in Reactor Netty 1.3
 * that {@link KeepAliveDecodingFailureFix} makes rare but did not remove under heavy load: the fuzz test still saw
 * it). Refused here, the request takes the normal path: an answer always, and a problem body with the trace id.
 */
class RequestTargetLimitWebFilter implements WebFilter, Ordered {

	/** Before Spring Security's filter chain (-100): an over-long request is refused whoever sends it. */
	static final int ORDER = -200;

	private final int maxLength;

	RequestTargetLimitWebFilter(EdgeProperties properties) {
		this.maxLength = properties.maxRequestTargetLength();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getURI().getRawPath();
		String query = exchange.getRequest().getURI().getRawQuery();
		int length = ((path != null) ? path.length() : 0) + ((query != null) ? query.length() + 1 : 0);
		if (length > this.maxLength) {
			return Mono.error(new ResponseStatusException(HttpStatus.URI_TOO_LONG,
					"The request target (path and query) is longer than the limit of " + this.maxLength
							+ " characters."));
		}
		return chain.filter(exchange);
	}

}
