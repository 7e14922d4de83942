package com.example.platform.starter.metrics;

import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PlatformMetricsAutoConfiguration.class));

	@Test
	void tagsEveryMeterWithTheBuildVersion() {
		this.contextRunner.withUserConfiguration(BuildInfo.class).run(context -> {
			MeterRegistry registry = customized(context.getBean("platformVersionTagCustomizer", MeterRegistryCustomizer.class));
			assertThat(registry.counter("orders").getId().getTag("version")).isEqualTo("1.2.3");
		});
	}

	@Test
	void versionIsUnknownWithoutBuildInfo() {
		this.contextRunner.run(context -> {
			MeterRegistry registry = customized(context.getBean("platformVersionTagCustomizer", MeterRegistryCustomizer.class));
			assertThat(registry.counter("orders").getId().getTag("version")).isEqualTo("unknown");
		});
	}

	@Test
	void aVersionTagSetByTheServiceWins() {
		this.contextRunner.withUserConfiguration(BuildInfo.class)
			.withPropertyValues("management.metrics.tags.version=from-config")
			.run(context -> {
				MeterRegistry registry = customized(
						context.getBean("platformVersionTagCustomizer", MeterRegistryCustomizer.class));
				assertThat(registry.counter("orders").getId().getTag("version")).isNull();
			});
	}

	@Test
	void backsOffForTheServicesOwnCustomizer() {
		this.contextRunner.withUserConfiguration(OwnCustomizer.class).run(context -> {
			MeterRegistry registry = customized(context.getBean("platformVersionTagCustomizer", MeterRegistryCustomizer.class));
			assertThat(registry.counter("orders").getId().getTag("version")).isEqualTo("mine");
		});
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static MeterRegistry customized(MeterRegistryCustomizer customizer) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		customizer.customize(registry);
		return registry;
	}

	@Configuration(proxyBeanMethods = false)
	static class BuildInfo {

		@Bean
		BuildProperties buildProperties() {
			Properties properties = new Properties();
			properties.setProperty("version", "1.2.3");
			return new BuildProperties(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCustomizer {

		@Bean
		MeterRegistryCustomizer<MeterRegistry> platformVersionTagCustomizer() {
			return registry -> registry.config().commonTags("version", "mine");
		}

	}

}
