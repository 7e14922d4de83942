package com.example.platform.starter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens whose signature, issuer, audience and expiry have already been verified, by their exact text, so that a
 * client sending the same bearer token again costs a map lookup instead of an RSA verification and a JSON parse
 * (the largest single cost of an authenticated request: about a fifth of a C1-compiled service's CPU per request,
 * docs/benchmarks.md). The same idea as Envoy's {@code jwt_authn} cache of verified tokens.
 * <p>
 * What it does not change: a token is never served from here after its {@code exp} (an entry lives until then, at
 * most {@code maxTtl}); a token that failed verification is never stored, so every invalid token is verified again.
 * A signing key removed from the issuer's JWKS stops being accepted for new tokens at once, and for tokens already
 * seen after at most {@code maxTtl}: the same bound as the JWKS cache of the decoder (5 minutes).
 */
final class VerifiedTokenCache {

	private final Cache<String, Jwt> verified;

	private final Clock clock;

	VerifiedTokenCache(long maxSize, Duration maxTtl, Clock clock) {
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(Expiry.creating((String token, Jwt jwt) -> lifetime(jwt, maxTtl)))
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	/** The verified token for this text, or null when it was not verified yet or has expired since. */
	Jwt get(String token) {
		Jwt jwt = this.verified.getIfPresent(token);
		if (jwt != null && isExpired(jwt)) {
			this.verified.invalidate(token);
			return null;
		}
		return jwt;
	}

	void put(String token, Jwt jwt) {
		if (!isExpired(jwt)) {
			this.verified.put(token, jwt);
		}
	}

	long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

	private boolean isExpired(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && !this.clock.instant().isBefore(expiresAt);
	}

	private Duration lifetime(Jwt jwt, Duration maxTtl) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return maxTtl;
		}
		Duration untilExpiry = Duration.between(this.clock.instant(), expiresAt);
		if (untilExpiry.isNegative()) {
			return Duration.ZERO;
		}
		return untilExpiry.compareTo(maxTtl) < 0 ? untilExpiry : maxTtl;
	}

}
