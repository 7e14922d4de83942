package com.example.platform.starter.tracing;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots a real (non-web) application with the starter on the class path: tracing is on with
 * W3C propagation, and spans leave the process only when an OTLP endpoint is configured.
 */
class TracingExportTests {

	@Test
	void tracesButExportsNothingWithoutAnEndpoint() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBeansOfType(Tracer.class)).hasSize(1);
			assertThat(context.getBeanProvider(SpanExporter.class).stream()
				.map(exporter -> exporter.getClass().getSimpleName()))
				.noneMatch(name -> name.startsWith("Otlp"));
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
		}
	}

	@Test
	void exportsOverOtlpWhenAnEndpointIsConfigured() {
		try (ConfigurableApplicationContext context = run(
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces")) {
			assertThat(context.getBeanProvider(SpanExporter.class).stream()
				.map(exporter -> exporter.getClass().getSimpleName()))
				.contains("OtlpHttpSpanExporter");
		}
	}

	@Test
	void springSecuritysOwnObservationsAreOffByDefaultAndCanBeTurnedOn() {
		try (ConfigurableApplicationContext context = run()) {
			io.micrometer.observation.ObservationRegistry registry = context
				.getBean(io.micrometer.observation.ObservationRegistry.class);
			assertThat(io.micrometer.observation.Observation.start("spring.security.filterchains", registry).isNoop())
				.isTrue();
			assertThat(io.micrometer.observation.Observation.start("http.server.requests", registry).isNoop()).isFalse();
		}
		try (ConfigurableApplicationContext context = run("--management.observations.enable.spring.security=true")) {
			io.micrometer.observation.ObservationRegistry registry = context
				.getBean(io.micrometer.observation.ObservationRegistry.class);
			assertThat(io.micrometer.observation.Observation.start("spring.security.filterchains", registry).isNoop())
				.isFalse();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=tracing-test", "spring.kafka.listener.auto-startup=false")
			.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
