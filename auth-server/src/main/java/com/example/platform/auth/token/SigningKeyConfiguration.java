package com.example.platform.auth.token;

import java.io.IOException;

import com.example.platform.auth.AuthServerProperties;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * The key that signs every token, published at {@code /oauth2/jwks}. Replaces Spring Boot's default, which always
 * generates one: a key loaded from {@code AUTH_SIGNING_KEY_LOCATION} survives restarts. One key, no rotation yet.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	private static final Log logger = LogFactory.getLog(SigningKeyConfiguration.class);

	@Bean
	JWKSource<SecurityContext> jwkSource(AuthServerProperties properties, ResourceLoader resourceLoader)
			throws IOException {
		RSAKey key;
		String location = properties.signingKeyLocation();
		if (StringUtils.hasText(location)) {
			key = SigningKeys.load(resourceLoader.getResource(location));
			logger.info("Signing tokens with the RSA key from " + location + " (kid " + key.getKeyID() + ")");
		}
		else {
			key = SigningKeys.generate();
			logger.warn("Signing tokens with an RSA key generated at startup (kid " + key.getKeyID()
					+ "), a new one at every restart: a token issued before a restart is answered 401 by a service that"
					+ " has fetched the new key and not verified that token before; services still holding the old key"
					+ " or the verified token accept it until it expires. Set AUTH_SIGNING_KEY_LOCATION to keep a key.");
		}
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

}
