package com.example.platform.gateway.security;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which scope each public route needs, first match wins. Reading (GET, HEAD) and changing (any other method) are
 * separate scopes; notifications are read-only through the edge (any other method: 403 whatever the token).
 * Used both to configure authorization and to name the missing scope in a 403's {@code WWW-Authenticate}.
 */
final class ScopeRules {

	static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);

	static final List<Rule> RULES = List.of(
			new Rule(READ, "customers.read", "/api/customers", "/api/customers/**"),
			new Rule(null, "customers.write", "/api/customers", "/api/customers/**"),
			new Rule(READ, "orders.read", "/api/orders", "/api/orders/**"),
			new Rule(null, "orders.write", "/api/orders", "/api/orders/**"),
			new Rule(READ, "notifications.read", "/api/notifications", "/api/notifications/**"),
			new Rule(null, null, "/api/notifications", "/api/notifications/**"));

	private ScopeRules() {
	}

	/** The rule for this request, or null: no public route (authentication alone is required, then 404). */
	static @Nullable Rule ruleFor(HttpMethod method, PathContainer path) {
		for (Rule rule : RULES) {
			if (rule.matches(method, path)) {
				return rule;
			}
		}
		return null;
	}

	/**
	 * @param methods the methods it applies to, null for any
	 * @param scope the scope it requires, null when nothing grants access
	 * @param paths path patterns
	 */
	record Rule(@Nullable Set<HttpMethod> methods, @Nullable String scope, String... paths) {

		boolean matches(HttpMethod method, PathContainer path) {
			if (this.methods != null && !this.methods.contains(method)) {
				return false;
			}
			for (String pattern : this.paths) {
				PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
				if (parsed.matches(path)) {
					return true;
				}
			}
			return false;
		}

		String authority() {
			return "SCOPE_" + this.scope;
		}

	}

}
