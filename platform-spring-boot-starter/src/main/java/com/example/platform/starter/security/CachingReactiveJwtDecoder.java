package com.example.platform.starter.security;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** A {@link ReactiveJwtDecoder} that verifies each distinct token once, see {@link VerifiedTokenCache}. */
final class CachingReactiveJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final VerifiedTokenCache cache;

	CachingReactiveJwtDecoder(ReactiveJwtDecoder delegate, VerifiedTokenCache cache) {
		this.delegate = delegate;
		this.cache = cache;
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		Jwt cached = this.cache.get(token);
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> this.cache.put(token, jwt));
	}

}
