package com.example.platform.starter.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots a real (non-web) application with the starter: log lines go to an OTLP/HTTP receiver (a JDK
 * HttpServer standing in for the collector) only when an OTLP logs endpoint is configured, and a line
 * logged inside a span carries that span's trace id.
 */
class OtlpLoggingExportTests {

	private final BlockingQueue<byte[]> logExports = new LinkedBlockingQueue<>();

	private HttpServer collector;

	@BeforeEach
	void startCollector() throws IOException {
		this.collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.collector.createContext("/v1/logs", this::receive);
		this.collector.start();
	}

	@AfterEach
	void stopCollector() {
		this.collector.stop(0);
	}

	@Test
	void attachesNothingWithoutAnEndpoint() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBeanProvider(OtlpLogbackAppenderInstaller.class).getIfAvailable()).isNull();
			assertThat(platformAppenders()).isEmpty();
		}
	}

	@Test
	void shipsALogLineWithTheTraceIdOfItsSpan() throws Exception {
		String line = "order " + UUID.randomUUID() + " placed";
		String traceId;
		try (ConfigurableApplicationContext context = run(endpoint(),
				"--management.opentelemetry.logging.export.schedule-delay=100ms")) {
			assertThat(platformAppenders()).singleElement().satisfies(appender -> assertThat(appender.isStarted()).isTrue());

			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("place-order").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				LoggerFactory.getLogger(OtlpLoggingExportTests.class).info(line);
			}
			finally {
				span.end();
			}
			traceId = span.context().traceId();
			context.getBean(SdkLoggerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);

			// OTLP protobuf: the message is a UTF-8 string, the trace id its 16 raw bytes
			byte[] message = line.getBytes(StandardCharsets.UTF_8);
			byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
			byte[] export = awaitExportContaining(message, 10);
			assertThat(export).as("OTLP log export with the line").isNotNull();
			assertThat(indexOf(export, traceIdBytes)).as("trace id %s in the export", traceId).isNotNegative();
		}
		assertThat(platformAppenders()).as("detached when the context closes").isEmpty();
	}

	@Test
	void canBeSwitchedOff() {
		try (ConfigurableApplicationContext context = run(endpoint(), "--platform.logging.otlp.enabled=false")) {
			assertThat(context.getBeanProvider(OtlpLogbackAppenderInstaller.class).getIfAvailable()).isNull();
			assertThat(platformAppenders()).isEmpty();
		}
	}

	@Test
	void backsOffWhenTheServiceConfiguresTheAppenderItself() {
		try (ConfigurableApplicationContext context = run(endpoint(),
				"--logging.config=classpath:logging-own-otel-appender.xml")) {
			assertThat(context.getBean(OtlpLogbackAppenderInstaller.class).appender()).isNull();
			assertThat(openTelemetryAppenders()).extracting(Appender::getName).containsExactly("OWN_OTEL");
		}
		finally {
			// The next test's application re-initialises Logback anyway; do not rely on it
			Logger root = rootLogger();
			root.detachAppender("OWN_OTEL");
		}
	}

	private String endpoint() {
		return "--management.opentelemetry.logging.export.otlp.endpoint=http://127.0.0.1:"
				+ this.collector.getAddress().getPort() + "/v1/logs";
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=logging-test", "spring.kafka.listener.auto-startup=false")
			.run(args);
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			InputStream body = exchange.getRequestBody();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(body);
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			body.transferTo(bytes);
			if ("POST".equals(exchange.getRequestMethod())) {
				this.logExports.add(bytes.toByteArray());
			}
			// An empty ExportLogsServiceResponse
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	private byte[] awaitExportContaining(byte[] needle, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			byte[] export = this.logExports.poll(left, TimeUnit.NANOSECONDS);
			if (export != null && indexOf(export, needle) >= 0) {
				return export;
			}
		}
		return null;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static Logger rootLogger() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private static List<Appender<ILoggingEvent>> openTelemetryAppenders() {
		List<Appender<ILoggingEvent>> found = new ArrayList<>();
		rootLogger().iteratorForAppenders().forEachRemaining(appender -> {
			if (appender instanceof OpenTelemetryAppender) {
				found.add(appender);
			}
		});
		return found;
	}

	private static List<Appender<ILoggingEvent>> platformAppenders() {
		return openTelemetryAppenders().stream()
			.filter(appender -> OtlpLogbackAppenderInstaller.APPENDER_NAME.equals(appender.getName()))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
