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
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Bearer tokens over gRPC: servers validate them, clients relay the caller's. */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnClass({ io.grpc.ServerInterceptor.class, JwtDecoder.class })
@ConditionalOnBooleanProperty(name = "platform.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class PlatformGrpcSecurityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GlobalServerInterceptor.class)
	@ConditionalOnBean(JwtDecoder.class)
	@ConditionalOnBooleanProperty(name = "platform.security.grpc.enabled", matchIfMissing = true)
	static class ServerTokens {

		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean
		BearerTokenServerInterceptor platformBearerTokenServerInterceptor(JwtDecoder decoder) {
			return new BearerTokenServerInterceptor(decoder);
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
