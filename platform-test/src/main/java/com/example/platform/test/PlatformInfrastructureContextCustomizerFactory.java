package com.example.platform.test;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;

/**
 * Reads {@link UsePostgres}, {@link UseKafka}, {@link UseRedis} and {@link UseTestIssuer} on a test class and
 * points the test's application context at real servers. Test classes with the same annotations share a
 * cached context; each context gets its own database.
 */
class PlatformInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean postgres = TestContextAnnotationUtils.hasAnnotation(testClass, UsePostgres.class);
		boolean kafka = TestContextAnnotationUtils.hasAnnotation(testClass, UseKafka.class);
		boolean redis = TestContextAnnotationUtils.hasAnnotation(testClass, UseRedis.class);
		boolean issuer = TestContextAnnotationUtils.hasAnnotation(testClass, UseTestIssuer.class);
		if (!postgres && !kafka && !redis && !issuer) {
			return null;
		}
		return new InfrastructureCustomizer(postgres, kafka, redis, issuer);
	}

	record InfrastructureCustomizer(boolean postgres, boolean kafka, boolean redis, boolean issuer) implements ContextCustomizer {

		static final String SOURCE_NAME = "platformTestInfrastructure";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = new LinkedHashMap<>();
			if (this.postgres) {
				Database database = PlatformInfrastructure.newDatabase("ptest");
				properties.put("spring.datasource.url", database.url());
				properties.put("spring.datasource.username", database.username());
				properties.put("spring.datasource.password", database.password());
			}
			if (this.kafka) {
				properties.put("spring.kafka.bootstrap-servers", PlatformInfrastructure.kafkaBootstrapServers());
			}
			if (this.redis) {
				InetSocketAddress redis = PlatformInfrastructure.redis();
				properties.put("spring.data.redis.host", redis.getHostString());
				properties.put("spring.data.redis.port", redis.getPort());
			}
			if (this.issuer) {
				properties.putAll(TestIssuer.shared().resourceServerProperties());
			}
			// Above the application's own configuration, below the test's inlined properties and
			// @DynamicPropertySource values, so a test can still override a value.
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource source = new MapPropertySource(SOURCE_NAME, properties);
			if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
			}
			else {
				sources.addFirst(source);
			}
		}

	}

}
