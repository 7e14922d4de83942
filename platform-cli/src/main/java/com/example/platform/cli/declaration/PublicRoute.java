package com.example.platform.cli.declaration;

import java.util.List;
import java.util.Optional;

/**
 * A service's public route through the gateway: the path prefixes it serves there, the route's time budget and the
 * scopes a token needs (reading: GET and HEAD; changing: every other method, refused at the edge when there is no
 * write scope).
 *
 * @param paths the path prefixes, each also matching everything below it (e.g. /api/customers and /api/customers/**)
 * @param timeoutMillis the route's time budget in milliseconds
 * @param readScope the scope GET and HEAD need
 * @param writeScope the scope the other methods need; empty: read-only through the gateway
 */
public record PublicRoute(List<String> paths, int timeoutMillis, String readScope, Optional<String> writeScope) {

	public PublicRoute {
		paths = List.copyOf(paths);
	}

	/** Each path and everything below it, as Spring's path patterns. */
	public List<String> pathPatterns() {
		return this.paths.stream().flatMap((path) -> List.of(path, path + "/**").stream()).toList();
	}

	/** The scopes it names: the read scope, then the write scope when there is one. */
	public List<String> scopes() {
		return this.writeScope.map((write) -> List.of(this.readScope, write)).orElse(List.of(this.readScope));
	}

}
