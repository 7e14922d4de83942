package com.example.platform.starter.security;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Wraps the application's JWT decoder (servlet services, their gRPC server, the WebFlux gateway) so that each
 * distinct bearer token is verified once and then looked up until it expires ({@link VerifiedTokenCache}).
 * {@code platform.security.token-cache.enabled=false} turns it off; {@code max-size} and {@code max-ttl} bound it.
 */
@AutoConfiguration
@ConditionalOnClass({ JwtDecoder.class, com.github.benmanes.caffeine.cache.Caffeine.class })
@ConditionalOnBooleanProperty(name = "platform.security.token-cache.enabled", matchIfMissing = true)
public class PlatformTokenCacheAutoConfiguration {

	// static and reading the Environment itself: a BeanPostProcessor is created before configuration properties
	@Bean
	static BeanPostProcessor platformVerifiedTokenCachePostProcessor(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
					return new CachingJwtDecoder(decoder, newCache(environment));
				}
				if (bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof CachingReactiveJwtDecoder)) {
					return new CachingReactiveJwtDecoder(decoder, newCache(environment));
				}
				return bean;
			}
		};
	}

	private static VerifiedTokenCache newCache(Environment environment) {
		PlatformSecurityProperties.TokenCache settings = Binder.get(environment)
			.bind("platform.security.token-cache", PlatformSecurityProperties.TokenCache.class)
			.orElseGet(PlatformSecurityProperties.TokenCache::new);
		return new VerifiedTokenCache(settings.getMaxSize(), settings.getMaxTtl(), Clock.systemUTC());
	}

}
