package com.example.platform.starter.security;

import io.grpc.ManagedChannelBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.Customizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Bearer tokens over gRPC: servers validate them, clients relay the caller's. */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class,
		afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration",
		beforeName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerOAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({ io.grpc.ServerInterceptor.class, JwtDecoder.class })
@ConditionalOnBooleanProperty(name = "platform.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class PlatformGrpcSecurityAutoConfiguration {

	/**
	 * Spring gRPC's own authentication interceptor, validating bearer tokens with the service's JwtDecoder (the same
	 * checks as HTTP), with the platform's rules. Boot's default authenticates every call, health checks included, so
	 * a load balancer's or mesh's probe (which carries no token) was refused; here health and reflection are open and
	 * everything else needs a valid token. The caller is in the SecurityContextHolder while the service method runs.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GrpcSecurity.class)
	@ConditionalOnBean({ GrpcSecurity.class, JwtDecoder.class })
	@ConditionalOnBooleanProperty(name = "platform.security.grpc.enabled", matchIfMissing = true)
	static class ServerRules {

		static final String[] OPEN_METHODS = { "grpc.health.v1.Health/*", "grpc.reflection.*" };

		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean(AuthenticationProcessInterceptor.class)
		AuthenticationProcessInterceptor platformGrpcAuthenticationProcessInterceptor(GrpcSecurity grpc)
				throws Exception {
			return grpc
				.authorizeRequests((calls) -> calls.methods(OPEN_METHODS).permitAll().allRequests().authenticated())
				.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
				.build();
		}

		@Bean
		@ConditionalOnMissingBean
		GrpcSecurityExceptionHandler platformGrpcSecurityExceptionHandler() {
			return new GrpcSecurityExceptionHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GrpcChannelBuilderCustomizer.class, ManagedChannelBuilder.class })
	@ConditionalOnBooleanProperty(name = "platform.security.grpc.relay-token", matchIfMissing = true)
	static class ClientTokens {

		@Bean
		@ConditionalOnMissingBean(name = "platformBearerTokenRelayChannelCustomizer")
		GrpcChannelBuilderCustomizer<?> platformBearerTokenRelayChannelCustomizer() {
			return new TokenRelayChannelCustomizer<>();
		}

	}

	static final class TokenRelayChannelCustomizer<T extends ManagedChannelBuilder<T>>
			implements GrpcChannelBuilderCustomizer<T> {

		@Override
		public void customize(String channel, T builder) {
			builder.intercept(new BearerTokenRelayClientInterceptor());
		}

	}

}
