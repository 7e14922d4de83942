package com.example.platform.starter.logging;

import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Ships log lines over OTLP next to the spans: Boot creates the OTLP log exporter when
 * {@code management.opentelemetry.logging.export.otlp.endpoint} is set (also mapped from
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}) but nothing feeds Logback into it, so this attaches the
 * OpenTelemetry Logback appender to the root logger. No logback-spring.xml needed in the services.
 * Opt out with {@code platform.logging.otlp.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({ OpenTelemetry.class, OpenTelemetryAppender.class, LoggerContext.class })
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnProperty("management.opentelemetry.logging.export.otlp.endpoint")
@ConditionalOnBooleanProperty(name = "platform.logging.otlp.enabled", matchIfMissing = true)
public class PlatformOtlpLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OtlpLogbackAppenderInstaller platformOtlpLogbackAppenderInstaller(OpenTelemetry openTelemetry) {
		return new OtlpLogbackAppenderInstaller(openTelemetry);
	}

}
