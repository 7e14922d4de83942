package com.example.platform.starter.defaults;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;

import com.example.platform.starter.resilience.PlatformResilienceProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults an IDE shows for keys whose defaults are computed in code (declared by hand in
 * additional-spring-configuration-metadata.json) are the defaults the service really gets.
 */
class ConfigurationMetadataDefaultsTests {

	private static final String PREFIX = "platform.resilience.defaults.";

	@Test
	void theResilienceDefaultsInTheMetadataAreTheBoundDefaults() throws IOException {
		Map<String, String> declared = declaredDefaults();
		assertThat(declared).as("documented defaults of " + PREFIX + "*").hasSizeGreaterThanOrEqualTo(12);
		BeanWrapperImpl actual = new BeanWrapperImpl(new PlatformResilienceProperties().getDefaults());
		declared.forEach((key, value) -> {
			String property = camelCase(key.substring(PREFIX.length()));
			Class<?> type = actual.getPropertyType(property);
			Object expected = ApplicationConversionService.getSharedInstance().convert(value, type);
			assertThat(actual.getPropertyValue(property)).as(key).isEqualTo(expected);
		});
	}

	private static Map<String, String> declaredDefaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		for (URL url : Collections.list(getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
			if (!url.toString().contains("platform-spring-boot-starter")) {
				continue;
			}
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith(PREFIX) && property.has("defaultValue")) {
						defaults.put(name, property.path("defaultValue").asString());
					}
				}
			}
		}
		return defaults;
	}

	private static ClassLoader getClassLoader() {
		return ConfigurationMetadataDefaultsTests.class.getClassLoader();
	}

	private static String camelCase(String kebab) {
		StringBuilder out = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return out.toString();
	}

}
