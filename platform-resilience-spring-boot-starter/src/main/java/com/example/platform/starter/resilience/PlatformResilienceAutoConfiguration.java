package com.example.platform.starter.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientDefaultServiceConfigCustomizer;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import com.example.platform.starter.web.ProblemDetailsWriter;
import com.example.platform.starter.web.ProblemDetailsWriterConfiguration;

/**
 * Resilience of a Spring MVC service (the gateway's is in its routes). Always: load shedding and the budget and hop
 * limit of inbound requests, passed on by every RestClient and checked by every gRPC server. With Resilience4j on the
 * class path (a service that calls others adds it; see docs/resilience.md): per-downstream circuit breaker,
 * bulkhead and retries within the retry budget of outbound REST calls (HTTP service groups, by group name) and gRPC
 * calls (by channel name, with their time limit), with metrics. Every bean backs off when the service declares its
 * own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PlatformResilienceProperties.class)
@Import(ProblemDetailsWriterConfiguration.class)
public class PlatformResilienceAutoConfiguration {

	/** Filter order: after the observation filter (so refusals are measured and traced), before anything else. */
	static final int LOAD_SHEDDING_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	static final int REQUEST_BUDGET_ORDER = Ordered.HIGHEST_PRECEDENCE + 6;

	@Bean
	@ConditionalOnMissingBean(name = "platformLoadSheddingFilter")
	FilterRegistrationBean<LoadSheddingFilter> platformLoadSheddingFilter(PlatformResilienceProperties properties,
			ProblemDetailsWriter problems, ObjectProvider<MeterRegistry> meters) {
		PlatformResilienceProperties.Inbound inbound = properties.inbound();
		FilterRegistrationBean<LoadSheddingFilter> registration = new FilterRegistrationBean<>(
				new LoadSheddingFilter(Math.max(1, inbound.maxConcurrentRequests()), inbound.retryAfter(), problems,
						meters.getIfAvailable()));
		registration.setEnabled(inbound.maxConcurrentRequests() > 0);
		registration.setOrder(LOAD_SHEDDING_ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformRequestBudgetFilter")
	FilterRegistrationBean<RequestBudgetFilter> platformRequestBudgetFilter(PlatformResilienceProperties properties,
			ProblemDetailsWriter problems) {
		FilterRegistrationBean<RequestBudgetFilter> registration = new FilterRegistrationBean<>(
				new RequestBudgetFilter(properties.inbound().hopLimit(), problems));
		registration.setOrder(REQUEST_BUDGET_ORDER);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientBudget {

		/**
		 * Every RestClient from Boot's builder passes the budget and hop limit on; so do the clients of HTTP service
		 * groups, to which Boot applies every RestClientCustomizer.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "platformBudgetRestClientCustomizer")
		RestClientCustomizer platformBudgetRestClientCustomizer() {
			return (builder) -> builder.requestInterceptor(new BudgetPropagationInterceptor());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GlobalServerInterceptor.class, io.grpc.ServerInterceptor.class })
	static class GrpcServerHopLimit {

		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean(name = "platformHopLimitServerInterceptor")
		HopLimitServerInterceptor platformHopLimitServerInterceptor(PlatformResilienceProperties properties) {
			return new HopLimitServerInterceptor(properties.inbound().hopLimit());
		}

	}

	/**
	 * The downstreams: Resilience4j's registries, from its Spring Boot auto-configuration and its
	 * {@code resilience4j.*} properties (the platform's defaults in the starter's defaults.properties).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CircuitBreakerRegistry.class, BulkheadRegistry.class, RetryRegistry.class,
			TimeLimiterRegistry.class })
	static class Downstreams {

		@Bean
		@ConditionalOnMissingBean
		DownstreamResilience downstreamResilience(PlatformResilienceProperties properties,
				CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, RetryRegistry retries,
				TimeLimiterRegistry timeLimiters, ObjectProvider<MeterRegistry> meters) {
			return new DownstreamResilience(properties.retryBudget(), circuitBreakers, bulkheads, retries, timeLimiters,
					meters.getIfAvailable());
		}

		/** resilience4j_circuitbreaker_state, _calls, _not_permitted_calls; resilience4j_bulkhead_*. */
		@Bean
		@ConditionalOnClass(name = "io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics")
		@ConditionalOnMissingBean(name = "platformResilienceMetrics")
		MeterBinder platformResilienceMetrics(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads) {
			return (registry) -> {
				TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(registry);
				TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientHttpServiceGroupConfigurer.class, CircuitBreakerRegistry.class,
			BulkheadRegistry.class, RetryRegistry.class })
	static class HttpServiceGroupResilience {

		/**
		 * Each HTTP service group's client ({@code @ImportHttpServices(group = ...)}) gets the resilience of the
		 * downstream named like the group. Applied after every other configurer, so its interceptor is the innermost:
		 * what a service adds (a token) happens once per call, outside the breaker.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "platformResilienceHttpServiceGroupConfigurer")
		RestClientHttpServiceGroupConfigurer platformResilienceHttpServiceGroupConfigurer(
				DownstreamResilience resilience) {
			return new RestClientHttpServiceGroupConfigurer() {

				@Override
				public void configureGroups(Groups<RestClient.Builder> groups) {
					groups.forEachClient((group, builder) -> builder
						.requestInterceptor(new ResilienceRestInterceptor(resilience.downstream(group.name()))));
				}

				@Override
				public int getOrder() {
					return Ordered.LOWEST_PRECEDENCE;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GrpcChannelBuilderCustomizer.class, ManagedChannelBuilder.class, CircuitBreakerRegistry.class })
	static class GrpcClientResilience {

		/** Each gRPC channel gets the resilience of the downstream named like the channel. */
		@Bean
		@ConditionalOnMissingBean(name = "platformResilienceGrpcChannelCustomizer")
		GrpcChannelBuilderCustomizer<?> platformResilienceGrpcChannelCustomizer(DownstreamResilience resilience) {
			return new ResilienceChannelCustomizer<>(resilience);
		}

	}

	/**
	 * gRPC's own retry (UNAVAILABLE only, with throttling), for services with Spring Boot's gRPC
	 * client. A class of its own: a service with only the gRPC server lacks this type, and a bean
	 * method returning it would break the introspection of the whole configuration class.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.grpc.client.autoconfigure.GrpcClientDefaultServiceConfigCustomizer",
			"io.github.resilience4j.retry.RetryRegistry" })
	static class GrpcClientRetry {

		@Bean
		@ConditionalOnMissingBean(name = "platformGrpcRetryServiceConfig")
		GrpcClientDefaultServiceConfigCustomizer platformGrpcRetryServiceConfig(DownstreamResilience resilience,
				PlatformResilienceProperties properties) {
			return (channel, serviceConfig) -> GrpcRetryServiceConfig.apply(resilience.downstream(channel).retry(),
					properties.retryBudget(), serviceConfig);
		}

	}

	static final class ResilienceChannelCustomizer<T extends ManagedChannelBuilder<T>>
			implements GrpcChannelBuilderCustomizer<T> {

		private final DownstreamResilience resilience;

		ResilienceChannelCustomizer(DownstreamResilience resilience) {
			this.resilience = resilience;
		}

		@Override
		public void customize(String channel, T builder) {
			builder.intercept(new ResilienceClientInterceptor(this.resilience.downstream(channel)));
		}

	}

}
