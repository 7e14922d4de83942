package com.example.platform.starter.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Adds a started {@link OpenTelemetryAppender} to Logback's root logger and connects every such
 * appender to the application's {@link OpenTelemetry}. If the root logger already has one (a
 * service's own logback-spring.xml), it adds none and only connects that one. The appender it added
 * is removed again when the context closes, so a restarted context does not log twice.
 */
class OtlpLogbackAppenderInstaller implements InitializingBean, DisposableBean {

	static final String APPENDER_NAME = "PLATFORM_OTLP";

	private final OpenTelemetry openTelemetry;

	private Logger rootLogger;

	private OpenTelemetryAppender appender;

	OtlpLogbackAppenderInstaller(OpenTelemetry openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void afterPropertiesSet() {
		// Another SLF4J binding (e.g. Log4j 2): nothing to attach to
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (!hasOpenTelemetryAppender(root)) {
			OpenTelemetryAppender otlp = new OpenTelemetryAppender();
			otlp.setName(APPENDER_NAME);
			otlp.setContext(context);
			otlp.start();
			root.addAppender(otlp);
			this.rootLogger = root;
			this.appender = otlp;
		}
		// Sets the SDK on every OpenTelemetryAppender of the context, ours or one configured in XML
		OpenTelemetryAppender.install(this.openTelemetry);
	}

	@Override
	public void destroy() {
		if (this.appender != null) {
			this.rootLogger.detachAppender(this.appender);
			this.appender.stop();
			this.appender = null;
		}
	}

	/** The appender this installer added, or {@code null} when it backed off. */
	OpenTelemetryAppender appender() {
		return this.appender;
	}

	static boolean hasOpenTelemetryAppender(Logger logger) {
		for (var it = logger.iteratorForAppenders(); it.hasNext();) {
			Appender<ILoggingEvent> candidate = it.next();
			if (candidate instanceof OpenTelemetryAppender) {
				return true;
			}
		}
		return false;
	}

}
