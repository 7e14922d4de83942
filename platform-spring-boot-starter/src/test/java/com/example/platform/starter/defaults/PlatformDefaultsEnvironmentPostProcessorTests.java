package com.example.platform.starter.defaults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformDefaultsEnvironmentPostProcessorTests {

	private final PlatformDefaultsEnvironmentPostProcessor postProcessor = new PlatformDefaultsEnvironmentPostProcessor();

	@Test
	void addsTheDefaultsAsTheLowestPrecedenceSource() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(PlatformDefaultsEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME);
		assertThat(environment.getProperty("management.endpoint.health.probes.add-additional-paths")).isEqualTo("true");
		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState,db,redis,kafka");
	}

	@Test
	void anythingTheServiceSetsWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("spring.threads.virtual.enabled", "false",
					"management.tracing.sampling.probability", "0.1")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
	}

	@Test
	void metricTagsComeFromTheApplicationNameAndEnvironmentVariable() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("spring.application.name", "order-service", "PLATFORM_ENVIRONMENT", "staging")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("order-service");
		assertThat(environment.getProperty("management.metrics.tags.environment")).isEqualTo("staging");
	}

	@Test
	void logFormatVariableSwitchesTheConsoleToStructuredJson() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("env", Map.of("LOG_FORMAT", "ecs")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

	@Test
	void withoutLogFormatTheConsoleStaysReadableText() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.containsProperty("logging.structured.format.console")).isFalse();
	}

	@Test
	void pushesNoMetricsOverOtlpWithoutAnEndpoint() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void pushesMetricsOverOtlpWhenAnEndpointIsConfigured() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("env",
					Map.of("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.containsProperty("management.otlp.metrics.export.enabled")).isFalse();
	}

	@Test
	void runningTwiceAddsTheDefaultsOnce() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources()
			.stream()
			.filter(source -> source.getName().equals(PlatformDefaultsEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME)))
			.hasSize(1);
	}

}
