package com.example.platform.starter.resilience;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import com.example.platform.starter.defaults.PlatformDefaultsEnvironmentPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformResilienceAutoConfigurationTests {

	// With Resilience4j's own auto-configuration and the starter's defaults (defaults.properties), as in a service
	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withInitializer((context) -> new PlatformDefaultsEnvironmentPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(PlatformResilienceAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class, RetryAutoConfiguration.class,
				TimeLimiterAutoConfiguration.class));

	@Test
	void defaultsApplyPerDownstream() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DownstreamResilience.class);
			assertThat(context).hasSingleBean(HopLimitServerInterceptor.class);
			assertThat(context).hasBean("platformLoadSheddingFilter");
			assertThat(context).hasBean("platformRequestBudgetFilter");
			assertThat(context).hasBean("platformBudgetRestClientCustomizer");
			assertThat(context.getBean("platformResilienceGrpcChannelCustomizer"))
				.isInstanceOf(GrpcChannelBuilderCustomizer.class);
			assertThat(context.getBean("platformResilienceHttpServiceGroupConfigurer"))
				.isInstanceOf(RestClientHttpServiceGroupConfigurer.class);
			assertThat(context.getEnvironment().getProperty("spring.http.clients.read-timeout")).isEqualTo("2s");
			CircuitBreaker breaker = context.getBean(DownstreamResilience.class)
				.downstream("customer-service")
				.circuitBreaker();
			assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(10);
			assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(20);
			assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(50f);
			assertThat(breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
			DownstreamResilience.Downstream downstream = context.getBean(DownstreamResilience.class)
				.downstream("customer-service");
			assertThat(downstream.timeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(downstream.bulkhead().getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(50);
			assertThat(context.getBean("platformLoadSheddingFilter", FilterRegistrationBean.class).isEnabled()).isTrue();
		});
	}

	@Test
	void aDownstreamOverridesOnlyWhatItSets() {
		this.contextRunner
			.withPropertyValues("resilience4j.timelimiter.configs.default.timeout-duration=3s",
					"resilience4j.timelimiter.instances.slow-one.timeout-duration=10s",
					"resilience4j.circuitbreaker.instances.slow-one.minimum-number-of-calls=4",
					"platform.resilience.inbound.max-concurrent-requests=0")
			.run((context) -> {
				DownstreamResilience resilience = context.getBean(DownstreamResilience.class);
				assertThat(resilience.downstream("slow-one").timeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(resilience.downstream("slow-one").circuitBreaker().getCircuitBreakerConfig()
					.getMinimumNumberOfCalls()).isEqualTo(4);
				assertThat(resilience.downstream("slow-one").circuitBreaker().getCircuitBreakerConfig()
					.getSlidingWindowSize()).isEqualTo(20);
				assertThat(resilience.downstream("other").timeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean("platformLoadSheddingFilter", FilterRegistrationBean.class).isEnabled())
					.isFalse();
			});
	}

	@Test
	void circuitBreakerStateIsAMetric() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
			context.getBean("platformResilienceMetrics", io.micrometer.core.instrument.binder.MeterBinder.class)
				.bindTo(meters);
			context.getBean(DownstreamResilience.class).downstream("customer-service");
			assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "customer-service").gauges())
				.isNotEmpty();
			assertThat(meters.find("resilience4j.bulkhead.available.concurrent.calls")
				.tag("name", "customer-service")
				.gauge()).isNotNull();
		});
	}

	@Test
	void theServicesOwnBeansWin() {
		this.contextRunner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(CircuitBreakerRegistry.class)).isSameAs(OwnBeans.REGISTRY);
			assertThat(context.getBean(DownstreamResilience.class)).isSameAs(OwnBeans.resilience);
			assertThat(context.getBean("platformResilienceHttpServiceGroupConfigurer"))
				.isSameAs(OwnBeans.GROUP_CONFIGURER);
		});
	}

	@Test
	void doesNothingOutsideServletApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PlatformResilienceAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DownstreamResilience.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final CircuitBreakerRegistry REGISTRY = CircuitBreakerRegistry.ofDefaults();

		static DownstreamResilience resilience;

		static final RestClientHttpServiceGroupConfigurer GROUP_CONFIGURER = (groups) -> {
		};

		@Bean
		RestClientHttpServiceGroupConfigurer platformResilienceHttpServiceGroupConfigurer() {
			return GROUP_CONFIGURER;
		}

		@Bean
		CircuitBreakerRegistry ownRegistry() {
			return REGISTRY;
		}

		@Bean
		DownstreamResilience ownResilience() {
			resilience = new DownstreamResilience(new PlatformResilienceProperties.RetryBudgetSettings(0.2, 3), REGISTRY,
					BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), null);
			return resilience;
		}

	}

}
