package com.example.platform.starter.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.util.StringUtils;

/**
 * Adds the platform's defaults as the last (lowest-precedence) property source, so anything a
 * service sets itself, in any way, wins. Each part of the platform a service has on its class path
 * (this starter, the resilience and Kafka parts) brings its own {@value #DEFAULTS_LOCATION}.
 */
public class PlatformDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	public static final String DEFAULTS_SOURCE_NAME = "platformDefaults";

	static final String DEFAULTS_LOCATION = "classpath*:META-INF/platform/defaults.properties";

	static final String LOG_FORMAT_PROPERTY = "platform.logging.format";

	static final String OTLP_METRICS_URL_PROPERTY = "management.otlp.metrics.export.url";

	static final String OTLP_METRICS_ENABLED_PROPERTY = "management.otlp.metrics.export.enabled";

	static final String STRUCTURED_CONSOLE_PROPERTY = "logging.structured.format.console";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(DEFAULTS_SOURCE_NAME)) {
			return;
		}
		Properties defaults = loadDefaults(application.getClassLoader());
		// Metrics are scraped (Prometheus); pushing them over OTLP too happens only when an endpoint
		// is configured. Otherwise Micrometer would push to localhost:4318 every minute, and every
		// JVM's shutdown would wait for that push to time out.
		if (!environment.containsProperty(OTLP_METRICS_URL_PROPERTY)) {
			defaults.setProperty(OTLP_METRICS_ENABLED_PROPERTY, "false");
		}
		environment.getPropertySources().addLast(new PropertiesPropertySource(DEFAULTS_SOURCE_NAME, defaults));
		// Structured logging is switched on by a plain variable (LOG_FORMAT=ecs); an empty value must
		// not reach Spring Boot, which would reject it as an unknown format.
		String logFormat = environment.getProperty(LOG_FORMAT_PROPERTY);
		if (StringUtils.hasText(logFormat) && !environment.containsProperty(STRUCTURED_CONSOLE_PROPERTY)) {
			environment.getPropertySources()
				.addBefore(DEFAULTS_SOURCE_NAME,
						new MapPropertySource("platformLogFormat", Map.of(STRUCTURED_CONSOLE_PROPERTY, logFormat)));
		}
	}

	private static Properties loadDefaults(ClassLoader classLoader) {
		Properties defaults = new Properties();
		try {
			for (Resource part : new PathMatchingResourcePatternResolver(classLoader).getResources(DEFAULTS_LOCATION)) {
				PropertiesLoaderUtils.fillProperties(defaults, part);
			}
			return defaults;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the platform defaults " + DEFAULTS_LOCATION, ex);
		}
	}

	@Override
	public int getOrder() {
		// After Boot's own config data processing; the position in the property sources is what matters.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
