package com.example.platform.auth.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.example.platform.auth.AuthServerProperties;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** The JWT access tokens: RFC 9068's profile, for the platform's API. */
@Configuration(proxyBeanMethods = false)
class AccessTokenConfiguration {

	/** RFC 9068 2.1: the {@code typ} of a JWT access token. */
	static final String ACCESS_TOKEN_TYPE = "at+jwt";

	/**
	 * Access tokens in RFC 9068's JWT profile, so any resource server that validates by the standard accepts them:
	 * header {@code typ: at+jwt} (2.1); {@code client_id} (2.2); {@code scope} a space-separated string (2.2.3;
	 * Spring Authorization Server writes a JSON array); {@code aud} = the API (the default would be the client id:
	 * resource servers check a token was issued for them). {@code iss}, {@code exp}, {@code iat}, {@code sub},
	 * {@code jti} are Spring Authorization Server's. ID tokens are left alone ({@code aud} = the client id, as
	 * OpenID Connect requires).
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> rfc9068AccessTokenCustomizer(AuthServerProperties properties) {
		return (context) -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			context.getJwsHeader().type(ACCESS_TOKEN_TYPE);
			context.getClaims().audience(List.of(properties.audience()));
			context.getClaims().claim(OAuth2ParameterNames.CLIENT_ID, context.getRegisteredClient().getClientId());
			context.getClaims().claims((claims) -> {
				if (claims.get(OAuth2ParameterNames.SCOPE) instanceof Collection<?> scopes) {
					claims.put(OAuth2ParameterNames.SCOPE,
							scopes.stream().map(String::valueOf).collect(Collectors.joining(" ")));
				}
			});
		};
	}

	/**
	 * The decoder of auth-server's own resource (OIDC userinfo): its own keys, no HTTP call to itself, the issuer,
	 * and the platform starter's validators (accepted {@code typ}, required {@code exp}, bounded lifetime, subject),
	 * the same as every resource server of the platform applies.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, OAuth2AuthorizationServerProperties authorizationServer,
			ObjectProvider<OAuth2TokenValidator<Jwt>> platformValidators) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtIssuerValidator(authorizationServer.getIssuer()));
		platformValidators.orderedStream().forEach(validators::add);
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
		return decoder;
	}

}
