package com.example.platform.starter.tracing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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
 * W3C propagation, and spans leave the process only when an OTLP endpoint is configured, or Zipkin export is switched
 * on (as ./platform up does).
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
	void noZipkinExportUnlessSwitchedOn() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBeanProvider(SpanExporter.class).stream()
				.map(exporter -> exporter.getClass().getSimpleName()))
				.doesNotContain("ZipkinSpanExporter");
		}
	}

	@Test
	void zipkinAndOtlpExportCanBothBeOn() {
		try (ConfigurableApplicationContext context = run("--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=http://127.0.0.1:9411/api/v2/spans",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces")) {
			assertThat(context.getBeanProvider(SpanExporter.class).stream()
				.map(exporter -> exporter.getClass().getSimpleName()))
				.contains("ZipkinSpanExporter", "OtlpHttpSpanExporter");
		}
	}

	@Test
	void spansReachZipkinsApiWithTheApplicationNameAsService() throws IOException, InterruptedException {
		BlockingQueue<String> posts = new LinkedBlockingQueue<>();
		HttpServer zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		zipkin.createContext("/api/v2/spans", exchange -> {
			posts.add(exchange.getRequestMethod() + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		zipkin.start();
		try (ConfigurableApplicationContext context = run("--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=http://127.0.0.1:" + zipkin.getAddress().getPort()
						+ "/api/v2/spans")) {
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("zipkin-export-check").start();
			String traceId = span.context().traceId();
			span.end();
			context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
			String post = posts.poll(10, TimeUnit.SECONDS);
			assertThat(post).as("a POST of Zipkin v2 JSON spans").isNotNull().startsWith("POST [");
			assertThat(post).contains("\"traceId\":\"" + traceId + "\"", "\"name\":\"zipkin-export-check\"",
					"\"serviceName\":\"tracing-test\"");
		}
		finally {
			zipkin.stop(0);
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
