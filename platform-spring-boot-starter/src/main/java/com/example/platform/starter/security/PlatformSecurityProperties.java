package com.example.platform.starter.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.security}: which scope each route needs. Every request needs a valid token; a rule adds a
 * scope to the requests it matches (first matching rule wins).
 */
@ConfigurationProperties("platform.security")
public class PlatformSecurityProperties {

	/** Off only for a service that is not reachable by anyone but its own tests. */
	private boolean enabled = true;

	private List<Rule> rules = new ArrayList<>();

	private final Grpc grpc = new Grpc();

	private final TokenCache tokenCache = new TokenCache();

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

	/** Requests with one of {@code methods} (all methods when empty) on one of {@code paths} need {@code scope}. */
	public static class Rule {

		private List<String> methods = new ArrayList<>();

		private List<String> paths = new ArrayList<>();

		private String scope;

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

		public String getScope() {
			return this.scope;
		}

		public void setScope(String scope) {
			this.scope = scope;
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

}
