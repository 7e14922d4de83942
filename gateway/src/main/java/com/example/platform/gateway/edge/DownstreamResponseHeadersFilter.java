package com.example.platform.gateway.edge;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Headers of a service's response that do not leave the platform: the ones naming server software and versions
 * ({@code Server}, {@code X-Powered-By}, ...), and CORS headers (the gateway alone answers CORS, so a service's own
 * would contradict or duplicate it).
 */
class DownstreamResponseHeadersFilter implements HttpHeadersFilter {

	static final List<String> REMOVED = List.of(HttpHeaders.SERVER, "X-Powered-By", "X-AspNet-Version",
			"X-AspNetMvc-Version", "X-Runtime", "X-Version", "X-Application-Context", "X-Backend-Server",
			"X-Upstream", "Via");

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders filtered = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!removed(name)) {
				filtered.put(name, values);
			}
		});
		return filtered;
	}

	private static boolean removed(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.startsWith("access-control-") || REMOVED.stream().anyMatch(name::equalsIgnoreCase);
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

}
