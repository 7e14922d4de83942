package com.example.platform.auth;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this issuer adds to Spring Authorization Server's own {@code spring.security.oauth2.authorizationserver.*}
 * settings (issuer and clients are configured there).
 *
 * @param audience the {@code aud} of every access token: the API the tokens are for
 * @param signingKeyLocation a PEM RSA private key (a Spring resource location); empty: generate one at startup
 * @param demoUser the one built-in user of the authorization-code flow, for demos only
 */
@ConfigurationProperties("platform.auth")
public record AuthServerProperties(@DefaultValue("platform-api") String audience, @Nullable String signingKeyLocation,
		DemoUser demoUser) {

	/**
	 * @param username the demo user's name
	 * @param password the demo user's password (DEMO_USER_PASSWORD; the local default is in application.yaml)
	 */
	public record DemoUser(@DefaultValue("demo") String username, String password) {
	}

}
