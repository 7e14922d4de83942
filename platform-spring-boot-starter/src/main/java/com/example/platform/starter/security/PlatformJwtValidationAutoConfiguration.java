package com.example.platform.starter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * What the platform requires of an access token beyond Spring Boot's checks (signature, issuer, audience): Spring
 * Security's own validators, as beans. Spring Boot passes every {@code OAuth2TokenValidator<Jwt>} bean to the
 * servlet and the reactive JWT decoder it builds, and a {@link JwtTypeValidator} or {@link JwtTimestampValidator}
 * among them replaces Spring Security's default one ({@code JwtValidators.createDefaultWithValidators}). So the
 * gateway, every service and their gRPC servers refuse the same tokens, once, before any controller runs:
 * <ul>
 * <li>{@code typ}: {@code JWT}, or RFC 9068's {@code at+jwt} / {@code application/at+jwt}
 * ({@code platform.security.jwt.accepted-types}; Spring Security's default accepts {@code JWT} only);
 * <li>{@code exp} required (Spring Security's default lets a token without one live forever), {@code nbf} when
 * present, with {@code platform.security.jwt.clock-skew};
 * <li>a bounded lifetime ({@code platform.security.jwt.max-lifetime});
 * <li>a subject.
 * </ul>
 * Refusals are logged with their reason, once per reason and interval ({@link RefusedTokenLog}).
 */
@AutoConfiguration
@ConditionalOnClass(JwtClaimValidator.class)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class PlatformJwtValidationAutoConfiguration {

	/** Ownership is by subject: a token that names none is invalid (401), not a caller without customers. */
	@Bean
	@ConditionalOnMissingBean(name = "platformSubjectRequired")
	OAuth2TokenValidator<Jwt> platformSubjectRequired() {
		return new JwtClaimValidator<String>(JwtClaimNames.SUB, (subject) -> subject != null && !subject.isBlank());
	}

	/** Replaces Spring Security's {@code JwtTypeValidator.jwt()}, which refuses RFC 9068 access tokens. */
	@Bean
	@ConditionalOnMissingBean(JwtTypeValidator.class)
	JwtTypeValidator platformJwtTypeValidator(PlatformSecurityProperties properties) {
		JwtTypeValidator validator = new JwtTypeValidator(properties.getJwt().getAcceptedTypes());
		validator.setAllowEmpty(true);
		return validator;
	}

	/** Replaces Spring Security's default timestamp validator, which accepts a token without {@code exp}. */
	@Bean
	@ConditionalOnMissingBean(JwtTimestampValidator.class)
	JwtTimestampValidator platformJwtTimestampValidator(PlatformSecurityProperties properties) {
		JwtTimestampValidator validator = new JwtTimestampValidator(properties.getJwt().getClockSkew());
		validator.setAllowEmptyExpiryClaim(false);
		return validator;
	}

	/** A token valid for longer than {@code max-lifetime} (by {@code iat}, or from now) is refused. */
	@Bean
	@ConditionalOnMissingBean(name = "platformJwtLifetimeValidator")
	OAuth2TokenValidator<Jwt> platformJwtLifetimeValidator(PlatformSecurityProperties properties) {
		return lifetimeValidator(properties.getJwt().getMaxLifetime(), properties.getJwt().getClockSkew(),
				Clock.systemUTC());
	}

	static OAuth2TokenValidator<Jwt> lifetimeValidator(Duration maxLifetime, Duration clockSkew, Clock clock) {
		OAuth2Error tooLong = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The token's lifetime is longer than " + maxLifetime, null);
		return (jwt) -> {
			Instant expiresAt = jwt.getExpiresAt();
			if (expiresAt == null) {
				// refused by the timestamp validator
				return OAuth2TokenValidatorResult.success();
			}
			Instant issuedAt = jwt.getIssuedAt();
			boolean fromIssue = issuedAt == null || !expiresAt.isAfter(issuedAt.plus(maxLifetime));
			boolean fromNow = !expiresAt.isAfter(clock.instant().plus(maxLifetime).plus(clockSkew));
			return (fromIssue && fromNow) ? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult.failure(tooLong);
		};
	}

	/**
	 * Every JWT decoder (servlet, gRPC, reactive) logs why it refused a token: a caller only learns
	 * {@code invalid_token}, an operator needs the reason. Static and reading the Environment itself, as a
	 * BeanPostProcessor is created before configuration properties.
	 */
	@Bean
	static BeanPostProcessor platformRefusedTokenLogPostProcessor(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JwtDecoder decoder && !(bean instanceof RefusedTokenLog.Servlet)) {
					return new RefusedTokenLog.Servlet(decoder, newLog(environment));
				}
				if (bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof RefusedTokenLog.Reactive)) {
					return new RefusedTokenLog.Reactive(decoder, newLog(environment));
				}
				return bean;
			}
		};
	}

	private static RefusedTokenLog newLog(Environment environment) {
		Duration interval = Binder.get(environment)
			.bind("platform.security.jwt.refusal-log-interval", Duration.class)
			.orElse(Duration.ofMinutes(1));
		return new RefusedTokenLog(interval, Clock.systemUTC());
	}

}
