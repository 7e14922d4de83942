package com.example.platform.auth.token;

import java.util.List;

import com.example.platform.auth.AuthServerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** What goes into the JWT access tokens beyond Spring Authorization Server's defaults. */
@Configuration(proxyBeanMethods = false)
class AccessTokenConfiguration {

	/**
	 * {@code aud} = the API, not the client id (the default): resource servers check that a token was issued for
	 * them. ID tokens keep the client id as audience, as OpenID Connect requires.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> accessTokenAudienceCustomizer(AuthServerProperties properties) {
		return (context) -> {
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				context.getClaims().audience(List.of(properties.audience()));
			}
		};
	}

}
