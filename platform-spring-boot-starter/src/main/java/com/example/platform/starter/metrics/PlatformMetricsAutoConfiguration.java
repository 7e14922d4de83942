package com.example.platform.starter.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Adds the {@code version} tag to every metric (application and environment come from property
 * defaults). The version is the build's, from build-info, unless the service sets
 * {@code management.metrics.tags.version} itself.
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
public class PlatformMetricsAutoConfiguration {

	static final String VERSION_TAG_PROPERTY = "management.metrics.tags.version";

	@Bean
	@ConditionalOnMissingBean(name = "platformVersionTagCustomizer")
	MeterRegistryCustomizer<MeterRegistry> platformVersionTagCustomizer(ObjectProvider<BuildProperties> buildProperties,
			Environment environment) {
		return registry -> {
			if (environment.containsProperty(VERSION_TAG_PROPERTY)) {
				return;
			}
			BuildProperties build = buildProperties.getIfAvailable();
			String version = (build != null && build.getVersion() != null) ? build.getVersion() : "unknown";
			registry.config().commonTags("version", version);
		};
	}

}
