package com.example.platform.starter.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
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

import com.example.platform.starter.web.ProblemDetailsWriter;
import com.example.platform.starter.web.ProblemDetailsWriterConfiguration;

/**
 * Resilience defaults of a Spring MVC service (the gateway has its own, reactive, in its routes):
 * load shedding and budget/hop-limit handling of inbound requests, and per-downstream circuit
 * breaker, bulkhead, retry budget and time limits of outbound REST and gRPC calls, with metrics.
 * Every bean backs off when the service declares its own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(CircuitBreaker.class)
@EnableConfigurationProperties(PlatformResilienceProperties.class)
@Import(ProblemDetailsWriterConfiguration.class)
public class PlatformResilienceAutoConfiguration {

	/** Filter order: after the observation filter (so refusals are measured and traced), before anything else. */
	static final int LOAD_SHEDDING_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	static final int REQUEST_BUDGET_ORDER = Ordered.HIGHEST_PRECEDENCE + 6;

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerRegistry platformCircuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	BulkheadRegistry platformBulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	@Bean
	@ConditionalOnMissingBean
	DownstreamResilience downstreamResilience(PlatformResilienceProperties properties,
			CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, ObjectProvider<MeterRegistry> meters) {
		return new DownstreamResilience(properties, circuitBreakers, bulkheads, meters.getIfAvailable());
	}

	/** resilience4j_circuitbreaker_state, _calls, _not_permitted_calls; resilience4j_bulkhead_*. */
	@Bean
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnMissingBean(name = "platformResilienceMetrics")
	MeterBinder platformResilienceMetrics(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads) {
		return (registry) -> {
			TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(registry);
			TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
		};
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformLoadSheddingFilter")
	FilterRegistrationBean<LoadSheddingFilter> platformLoadSheddingFilter(PlatformResilienceProperties properties,
			ProblemDetailsWriter problems, ObjectProvider<MeterRegistry> meters) {
		PlatformResilienceProperties.Inbound inbound = properties.getInbound();
		FilterRegistrationBean<LoadSheddingFilter> registration = new FilterRegistrationBean<>(
				new LoadSheddingFilter(Math.max(1, inbound.getMaxConcurrentRequests()), inbound.getRetryAfter(),
						problems, meters.getIfAvailable()));
		registration.setEnabled(inbound.getMaxConcurrentRequests() > 0);
		registration.setOrder(LOAD_SHEDDING_ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "platformRequestBudgetFilter")
	FilterRegistrationBean<RequestBudgetFilter> platformRequestBudgetFilter(PlatformResilienceProperties properties,
			ProblemDetailsWriter problems) {
		FilterRegistrationBean<RequestBudgetFilter> registration = new FilterRegistrationBean<>(
				new RequestBudgetFilter(properties.getInbound().getHopLimit(), problems));
		registration.setOrder(REQUEST_BUDGET_ORDER);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientResilience {

		/** Every RestClient passes the budget and hop limit on (resilience per downstream: {@link DownstreamResilience#restInterceptor}). */
		@Bean
		@ConditionalOnMissingBean(name = "platformBudgetRestClientCustomizer")
		RestClientCustomizer platformBudgetRestClientCustomizer() {
			return (builder) -> builder.requestInterceptor(new BudgetPropagationInterceptor());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GrpcChannelBuilderCustomizer.class, ManagedChannelBuilder.class })
	static class GrpcClientResilience {

		/** Each gRPC channel gets the policy of the downstream named like the channel. */
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
	@ConditionalOnClass(name = "org.springframework.boot.grpc.client.autoconfigure.GrpcClientDefaultServiceConfigCustomizer")
	static class GrpcClientRetry {

		@Bean
		@ConditionalOnMissingBean(name = "platformGrpcRetryServiceConfig")
		GrpcClientDefaultServiceConfigCustomizer platformGrpcRetryServiceConfig(PlatformResilienceProperties properties) {
			return (channel, serviceConfig) -> GrpcRetryServiceConfig.apply(properties.policyOf(channel), serviceConfig);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GlobalServerInterceptor.class, io.grpc.ServerInterceptor.class })
	static class GrpcServerResilience {

		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean
		HopLimitServerInterceptor platformHopLimitServerInterceptor(PlatformResilienceProperties properties) {
			return new HopLimitServerInterceptor(properties.getInbound().getHopLimit());
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
