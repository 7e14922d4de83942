package com.example.platform.starter.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * {@code platform.security}: which scope each route needs, in one format for the gateway and the services. Every
 * request needs a valid token; a rule adds a scope to the requests it matches, or refuses them (first matching rule
 * wins).
 */
@ConfigurationProperties("platform.security")
public class PlatformSecurityProperties {

	/** Off only for a service that is not reachable by anyone but its own tests. */
	private boolean enabled = true;

	/** Scope per route: methods (all when empty), paths, and a scope or deny; first match wins. */
	private List<Rule> rules = new ArrayList<>();

	private final Grpc grpc = new Grpc();

	private final TokenCache tokenCache = new TokenCache();

	private final Jwt jwt = new Jwt();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	public Grpc getGrpc() {
		return this.grpc;
	}

	public TokenCache getTokenCache() {
		return this.tokenCache;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	/**
	 * The first rule matching the request, if any: what a 403 names as the missing scope. Spring Security applies
	 * the same rules, in the same order, to authorize requests (servlet services and the gateway alike).
	 */
	public Optional<Rule> ruleFor(HttpMethod method, PathContainer path) {
		return this.rules.stream().filter((rule) -> rule.matches(method, path)).findFirst();
	}

	/**
	 * Requests with one of {@code methods} (all methods when empty) on one of {@code paths} need {@code scope}, or
	 * are refused whatever the token when {@code deny} is set (an operation not offered through this entry point), or
	 * need no token when {@code permit-all} is set (public metadata such as the OpenAPI document).
	 */
	public static class Rule {

		private List<String> methods = new ArrayList<>();

		private List<String> paths = new ArrayList<>();

		private @Nullable String scope;

		private boolean deny;

		private boolean permitAll;

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public @Nullable String getScope() {
			return this.scope;
		}

		public void setScope(@Nullable String scope) {
			this.scope = scope;
		}

		public boolean isDeny() {
			return this.deny;
		}

		public void setDeny(boolean deny) {
			this.deny = deny;
		}

		public boolean isPermitAll() {
			return this.permitAll;
		}

		public void setPermitAll(boolean permitAll) {
			this.permitAll = permitAll;
		}

		/**
		 * The methods, upper case; empty for all. Fails on a rule that names no paths, or not exactly one of a scope,
		 * deny or permit-all.
		 */
		public List<HttpMethod> httpMethods() {
			boolean scoped = this.scope != null && !this.scope.isBlank();
			int kinds = (scoped ? 1 : 0) + (this.deny ? 1 : 0) + (this.permitAll ? 1 : 0);
			if (this.paths.isEmpty() || kinds != 1) {
				throw new IllegalStateException("platform.security.rules: every rule needs paths, and exactly one of "
						+ "a scope, deny: true or permit-all: true");
			}
			return this.methods.stream().map((method) -> HttpMethod.valueOf(method.trim().toUpperCase())).toList();
		}

		/** The authority Spring Security maps the scope to. */
		public String authority() {
			return "SCOPE_" + this.scope;
		}

		boolean matches(HttpMethod method, PathContainer path) {
			List<HttpMethod> methods = httpMethods();
			return (methods.isEmpty() || methods.contains(method)) && this.paths.stream()
				.anyMatch((pattern) -> PathPatternParser.defaultInstance.parse(pattern).matches(path));
		}

	}

	public static class Grpc {

		/** gRPC servers require a bearer token on every call (health and reflection excepted). */
		private boolean enabled = true;

		/** gRPC clients pass the caller's bearer token on. */
		private boolean relayToken = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isRelayToken() {
			return this.relayToken;
		}

		public void setRelayToken(boolean relayToken) {
			this.relayToken = relayToken;
		}

	}

	/**
	 * {@code platform.security.token-cache}: verified bearer tokens kept by their text until they expire, so a
	 * repeated token skips the signature check (see {@code VerifiedTokenCache}).
	 */
	public static class TokenCache {

		/** Whether verified tokens are kept until they expire, so a repeated token skips the signature check. */
		private boolean enabled = true;

		/** At most this many distinct tokens (about 2 KB each). */
		private long maxSize = 10_000;

		/** No entry outlives this, whatever the token's expiry: the bound on a key removed from the JWKS. */
		private java.time.Duration maxTtl = java.time.Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

		public java.time.Duration getMaxTtl() {
			return this.maxTtl;
		}

		public void setMaxTtl(java.time.Duration maxTtl) {
			this.maxTtl = maxTtl;
		}

	}

	/**
	 * {@code platform.security.jwt}: what an access token must be, beyond Spring Boot's signature, issuer and audience
	 * checks; the same rules for the servlet services, their gRPC servers and the reactive gateway.
	 */
	public static class Jwt {

		/**
		 * Accepted values of the JOSE header {@code typ}: {@code JWT} (most providers) and RFC 9068's
		 * {@code at+jwt} / {@code application/at+jwt} (auth-server, Duende IdentityServer...). A token without
		 * {@code typ} is accepted, as Spring Security's default does.
		 */
		private List<String> acceptedTypes = new ArrayList<>(List.of("JWT", "at+jwt", "application/at+jwt"));

		/**
		 * The longest lifetime a token may have: {@code exp} at most this far after {@code iat}, and at most this far
		 * (plus the clock skew) in the future. Tokens without {@code exp} are refused (RFC 9068 2.2).
		 */
		private java.time.Duration maxLifetime = java.time.Duration.ofHours(1);

		/** Allowed clock difference with the issuer for {@code exp}, {@code nbf} and the lifetime bound. */
		private java.time.Duration clockSkew = java.time.Duration.ofSeconds(60);

		/** A refused token's reason is logged once, then at most once per this interval per reason. */
		private java.time.Duration refusalLogInterval = java.time.Duration.ofMinutes(1);

		public java.time.Duration getRefusalLogInterval() {
			return this.refusalLogInterval;
		}

		public void setRefusalLogInterval(java.time.Duration refusalLogInterval) {
			this.refusalLogInterval = refusalLogInterval;
		}

		public List<String> getAcceptedTypes() {
			return this.acceptedTypes;
		}

		public void setAcceptedTypes(List<String> acceptedTypes) {
			this.acceptedTypes = acceptedTypes;
		}

		public java.time.Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(java.time.Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public java.time.Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(java.time.Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

	}

}
