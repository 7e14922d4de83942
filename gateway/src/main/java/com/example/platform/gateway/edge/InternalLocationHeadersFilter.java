package com.example.platform.gateway.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * A service's {@code Location} and {@code Content-Location} naming the instance the gateway called (a service builds
 * them from the request it received: {@code http://127.0.0.1:8081/api/customers/42}) become relative references
 * ({@code /api/customers/42}). The client resolves them against the URL it used, so they point at the gateway by
 * whatever scheme, host and port the client reached it (a TLS proxy, X-Forwarded-* included) and no internal address
 * leaves the platform. Routes forward paths unchanged, so the path is the gateway's too. A URL naming any other host,
 * or already relative, passes unchanged.
 * <p>
 * Not Spring Cloud Gateway's {@code RewriteLocationResponseHeader}: it keeps the service's scheme (http behind a TLS
 * edge), takes the host from the request's Host header alone, and rewrites every absolute URL, a foreign one too.
 */
class InternalLocationHeadersFilter implements HttpHeadersFilter {

	static final List<String> HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION);

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		URI instance = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (instance == null || instance.getHost() == null || HEADERS.stream().noneMatch(input::containsHeader)) {
			return input;
		}
		HttpHeaders filtered = HttpHeaders.copyOf(input);
		for (String name : HEADERS) {
			String value = filtered.getFirst(name);
			if (value != null) {
				filtered.set(name, relativeIfInternal(value, instance));
			}
		}
		return filtered;
	}

	static String relativeIfInternal(String value, URI instance) {
		URI uri;
		try {
			uri = new URI(value.trim());
		}
		catch (URISyntaxException ex) {
			return value;
		}
		if (!uri.isAbsolute() || uri.getHost() == null || !uri.getHost().equalsIgnoreCase(instance.getHost())
				|| port(uri) != port(instance)) {
			return value;
		}
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "")
				+ ((uri.getRawFragment() != null) ? "#" + uri.getRawFragment() : "");
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

}
