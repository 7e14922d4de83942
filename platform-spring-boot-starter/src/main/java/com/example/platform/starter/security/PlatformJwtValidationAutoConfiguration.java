package com.example.platform.starter.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;

/**
 * What the platform requires of an access token beyond Spring Boot's checks (signature, issuer, audience, expiry):
 * validators that Boot adds to the servlet and reactive JWT decoders alike, so the gateway, every service and their
 * gRPC servers refuse the same tokens, once, before any controller runs.
 */
@AutoConfiguration
@ConditionalOnClass(JwtClaimValidator.class)
public class PlatformJwtValidationAutoConfiguration {

	/** Ownership is by subject: a token that names none is invalid (401), not a caller without customers. */
	@Bean
	@ConditionalOnMissingBean(name = "platformSubjectRequired")
	OAuth2TokenValidator<Jwt> platformSubjectRequired() {
		return new JwtClaimValidator<String>(JwtClaimNames.SUB, (subject) -> subject != null && !subject.isBlank());
	}

}
