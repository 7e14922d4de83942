package com.example.platform.starter.web;

import io.micrometer.tracing.Tracer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link ProblemDetailsWriter}, imported by every auto-configuration that answers with problems. */
@Configuration(proxyBeanMethods = false)
public class ProblemDetailsWriterConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemDetailsWriter platformProblemDetailsWriter(ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<Tracer> tracer) {
		return new ProblemDetailsWriter(jsonMapper.getIfAvailable(), tracer);
	}

}
