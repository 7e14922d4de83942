package com.example.platform.starter.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/**
 * Problem details for every error of a WebFlux service, including the ones Spring's annotated
 * controller support never sees (no route, downstream refused the connection, timeouts).
 * Runs before Boot's error handling so Boot's whitelabel JSON handler backs off.
 */
@AutoConfiguration(before = ErrorWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ErrorWebExceptionHandler.class)
@Import(ProblemDetailsWriterConfiguration.class)
public class PlatformWebFluxProblemDetailsAutoConfiguration {

	@Bean
	@Order(-2)
	@ConditionalOnMissingBean(ErrorWebExceptionHandler.class)
	ProblemDetailsErrorWebExceptionHandler problemDetailsErrorWebExceptionHandler(ProblemDetailsWriter problems) {
		return new ProblemDetailsErrorWebExceptionHandler(problems);
	}

}
