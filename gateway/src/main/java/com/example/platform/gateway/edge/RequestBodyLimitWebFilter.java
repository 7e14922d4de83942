package com.example.platform.gateway.edge;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Request bodies above {@code platform.gateway.edge.max-body-size} get a 413 problem and go nowhere.
 * <ul>
 * <li>With a Content-Length (the HTTP codec guarantees the body is no longer than declared): decided from the header,
 * the body streams on untouched.</li>
 * <li>Without one (chunked): the body is read up to the limit before the request is routed, and forwarded from
 * that buffer. Checking it while it streams to the service instead would fail the proxied call half way, which the
 * route's circuit breaker would count as the service failing (and answer 503).</li>
 * </ul>
 * Runs after authentication and the rate limit: an anonymous or limited caller's body is never read.
 */
class RequestBodyLimitWebFilter implements WebFilter, Ordered {

	static final int ORDER = 10;

	private final long maxBytes;

	RequestBodyLimitWebFilter(EdgeProperties properties) {
		this.maxBytes = properties.maxBodySize().toBytes();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		long contentLength = headers.getContentLength();
		if (contentLength > this.maxBytes) {
			return tooLarge();
		}
		if (contentLength >= 0) {
			return chain.filter(exchange);
		}
		// No Content-Length: a chunked body, or none (then this costs nothing)
		return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, this.maxBytes))
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLargeException())
			.map(Flux::just)
			.defaultIfEmpty(Flux.empty())
			.flatMap((body) -> chain.filter(exchange.mutate().request(new ServerHttpRequestDecorator(request) {

				@Override
				public Flux<DataBuffer> getBody() {
					return body;
				}

			}).build()));
	}

	private Mono<Void> tooLarge() {
		return Mono.error(tooLargeException());
	}

	private ResponseStatusException tooLargeException() {
		return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than the limit of " + this.maxBytes + " bytes.");
	}

}
