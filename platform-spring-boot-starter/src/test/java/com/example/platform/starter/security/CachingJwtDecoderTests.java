package com.example.platform.starter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verified-token cache saves the signature check of a repeated token and nothing else: a token is verified
 * again once it has expired or after max-ttl, and a token that failed is never remembered.
 */
class CachingJwtDecoderTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));

	private final List<String> verified = new ArrayList<>();

	/** Stands in for Nimbus: records each verification; "bad-*" tokens fail, others expire per their name. */
	private final JwtDecoder verifier = (token) -> {
		this.verified.add(token);
		if (token.startsWith("bad")) {
			throw new BadJwtException("signature");
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(Duration.ofMinutes(Long.parseLong(token.substring(token.indexOf('-') + 1))));
		return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").issuedAt(now).expiresAt(expiresAt)
			.build();
	};

	private final JwtDecoder decoder = new CachingJwtDecoder(this.verifier,
			new VerifiedTokenCache(100, Duration.ofMinutes(5), this.clock));

	@Test
	void aRepeatedTokenIsVerifiedOnce() {
		Jwt first = this.decoder.decode("a-2");
		Jwt second = this.decoder.decode("a-2");
		this.decoder.decode("b-2");

		assertThat(second).isSameAs(first);
		assertThat(this.verified).containsExactly("a-2", "b-2");
	}

	@Test
	void aTokenIsVerifiedAgainOnceItHasExpired() {
		this.decoder.decode("a-2");
		this.clock.advance(Duration.ofMinutes(1).plusSeconds(59));
		this.decoder.decode("a-2");
		assertThat(this.verified).containsExactly("a-2");

		this.clock.advance(Duration.ofSeconds(1)); // now == exp: no longer valid
		this.decoder.decode("a-2");
		assertThat(this.verified).containsExactly("a-2", "a-2");
	}

	@Test
	void noEntryOutlivesMaxTtlEvenForALongLivedToken() {
		this.decoder.decode("long-60");
		this.clock.advance(Duration.ofMinutes(4));
		this.decoder.decode("long-60");
		assertThat(this.verified).hasSize(1);

		this.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
		this.decoder.decode("long-60");
		assertThat(this.verified).hasSize(2);
	}

	@Test
	void aTokenThatFailedIsVerifiedEveryTime() {
		assertThatThrownBy(() -> this.decoder.decode("bad-2")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.decoder.decode("bad-2")).isInstanceOf(BadJwtException.class);
		assertThat(this.verified).containsExactly("bad-2", "bad-2");
	}

	@Test
	void theReactiveDecoderBehavesTheSame() {
		ReactiveJwtDecoder reactive = new CachingReactiveJwtDecoder(
				(token) -> Mono.fromCallable(() -> this.verifier.decode(token)),
				new VerifiedTokenCache(100, Duration.ofMinutes(5), this.clock));

		Jwt first = reactive.decode("a-2").block();
		assertThat(reactive.decode("a-2").block()).isSameAs(first);
		assertThat(this.verified).containsExactly("a-2");
		assertThatThrownBy(() -> reactive.decode("bad-1").block()).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> reactive.decode("bad-1").block()).isInstanceOf(BadJwtException.class);
		this.clock.advance(Duration.ofMinutes(2));
		reactive.decode("a-2").block();
		assertThat(this.verified).containsExactly("a-2", "bad-1", "bad-1", "a-2");
	}

	@Test
	void theCacheIsBounded() {
		VerifiedTokenCache cache = new VerifiedTokenCache(10, Duration.ofMinutes(5), this.clock);
		JwtDecoder small = new CachingJwtDecoder(this.verifier, cache);
		for (int i = 0; i < 100; i++) {
			small.decode("t" + i + "-2");
		}
		assertThat(cache.size()).isLessThanOrEqualTo(10);
	}

	@Test
	void theApplicationsDecodersAreWrappedUnlessTurnedOff() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PlatformTokenCacheAutoConfiguration.class))
			.withBean(JwtDecoder.class, () -> this.verifier)
			.withBean(ReactiveJwtDecoder.class, () -> (token) -> Mono.empty());
		runner.run((context) -> {
			assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(CachingJwtDecoder.class);
			assertThat(context.getBean(ReactiveJwtDecoder.class)).isInstanceOf(CachingReactiveJwtDecoder.class);
		});
		runner.withPropertyValues("platform.security.token-cache.enabled=false").run((context) -> {
			assertThat(context.getBean(JwtDecoder.class)).isSameAs(this.verifier);
			assertThat(context.getBean(ReactiveJwtDecoder.class)).isNotInstanceOf(CachingReactiveJwtDecoder.class);
		});
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
