package com.example.platform.starter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformJwtValidationAutoConfigurationTests {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PlatformJwtValidationAutoConfiguration.class));

	@Test
	void defaultsAcceptTheStandardTypesAndRequireExpiry() {
		this.runner.run((context) -> {
			JwtTypeValidator types = context.getBean(JwtTypeValidator.class);
			assertThat(types.validate(jwt("JWT").build()).hasErrors()).isFalse();
			assertThat(types.validate(jwt("at+jwt").build()).hasErrors()).isFalse();
			assertThat(types.validate(jwt("application/at+jwt").build()).hasErrors()).isFalse();
			assertThat(types.validate(jwt("secevent+jwt").build()).hasErrors()).isTrue();
			JwtTimestampValidator timestamps = context.getBean(JwtTimestampValidator.class);
			Instant now = Instant.now();
			assertThat(timestamps.validate(jwt("JWT").issuedAt(now).expiresAt(now.plusSeconds(300)).build())
				.hasErrors()).isFalse();
			assertThat(timestamps.validate(jwt("JWT").issuedAt(now).expiresAt(now.plusSeconds(300))
				.claims((claims) -> claims.remove("exp")).build()).hasErrors()).isTrue();
		});
	}

	@Test
	void propertiesChangeTheAcceptedTypes() {
		this.runner.withPropertyValues("platform.security.jwt.accepted-types=at+jwt").run((context) -> {
			JwtTypeValidator types = context.getBean(JwtTypeValidator.class);
			assertThat(types.validate(jwt("JWT").build()).hasErrors()).isTrue();
			assertThat(types.validate(jwt("at+jwt").build()).hasErrors()).isFalse();
		});
	}

	@Test
	void aUserValidatorWins() {
		this.runner.withBean(JwtTypeValidator.class, () -> new JwtTypeValidator("JWT")).run((context) -> {
			assertThat(context).hasSingleBean(JwtTypeValidator.class);
			assertThat(context.getBean(JwtTypeValidator.class).validate(jwt("at+jwt").build()).hasErrors()).isTrue();
		});
	}

	@Test
	void theLifetimeIsBoundedByIssueTimeAndByNow() {
		OAuth2TokenValidator<Jwt> lifetime = PlatformJwtValidationAutoConfiguration
			.lifetimeValidator(Duration.ofHours(1), Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(lifetime.validate(jwt("JWT").build()).hasErrors()).isFalse();
		assertThat(lifetime.validate(jwt("JWT").expiresAt(NOW.plus(Duration.ofHours(1))).build()).hasErrors())
			.isFalse();
		assertThat(lifetime.validate(jwt("JWT").expiresAt(NOW.plus(Duration.ofMinutes(61))).build()).hasErrors())
			.isTrue();
		// an iat in the past does not stretch it: exp is at most max-lifetime (+ skew) from now
		assertThat(lifetime.validate(jwt("JWT").issuedAt(null).expiresAt(NOW.plus(Duration.ofDays(365))).build())
			.hasErrors()).isTrue();
	}

	@Test
	void refusalsAreLoggedOncePerReasonAndInterval() {
		MutableClock clock = new MutableClock();
		RefusedTokenLog log = new RefusedTokenLog(Duration.ofMinutes(1), clock);
		JwtException expired = new JwtValidationException("expired",
				List.of(new OAuth2Error("invalid_token", "Jwt expired at 2026-12-07T11:00:00Z", null)));
		JwtException expiredLater = new JwtValidationException("expired",
				List.of(new OAuth2Error("invalid_token", "Jwt expired at 2026-12-07T11:30:00Z", null)));
		JwtException signature = new BadJwtException("An error occurred while attempting to decode the Jwt: "
				+ "Signed JWT rejected: Invalid signature");

		assertThat(log.refused(expired)).isTrue();
		assertThat(log.refused(expiredLater)).as("same reason, within the interval").isFalse();
		assertThat(log.refused(signature)).as("another reason").isTrue();
		assertThat(log.refused(new JwtException("keys cannot be fetched"))).as("not a refusal").isFalse();
		clock.now = clock.now.plus(Duration.ofSeconds(61));
		assertThat(log.refused(expired)).isTrue();
		assertThat(RefusedTokenLog.reason(expired)).isEqualTo("Jwt expired at");
	}

	private static Jwt.Builder jwt(String type) {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.header("typ", type)
			.subject("alice")
			.issuedAt(NOW)
			.expiresAt(NOW.plus(Duration.ofMinutes(5)));
	}

	private static final class MutableClock extends Clock {

		private Instant now = NOW;

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
