package com.example.platform.starter.web;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every error of a Spring MVC service. Runs before Spring Boot's
 * own MVC configuration so that Boot's simpler handler backs off; a service's own
 * {@link ResponseEntityExceptionHandler} bean replaces the platform's.
 */
@AutoConfiguration(before = { WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ResponseEntityExceptionHandler.class)
@Import(ProblemDetailsWriterConfiguration.class)
public class PlatformMvcProblemDetailsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	PlatformProblemDetailsExceptionHandler platformProblemDetailsExceptionHandler(ProblemDetailsWriter problems) {
		return new PlatformProblemDetailsExceptionHandler(problems);
	}

	/** Requests Tomcat refuses itself (before Spring sees them) get a problem body too, not Tomcat's HTML page. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TomcatServletWebServerFactory.class, StandardHost.class })
	static class TomcatErrorProblems {

		@Bean
		@ConditionalOnMissingBean(name = "platformTomcatErrorReportCustomizer")
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> platformTomcatErrorReportCustomizer() {
			return (factory) -> factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemDetailsErrorReportValve.class.getName());
				}
			});
		}

	}

	@Bean
	@ConditionalOnMissingBean
	ContentTypeProblemFilter platformContentTypeProblemFilter(ProblemDetailsWriter problems) {
		return new ContentTypeProblemFilter(problems);
	}

	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	ProblemDetailsErrorController platformProblemDetailsErrorController(ProblemDetailsWriter problems) {
		return new ProblemDetailsErrorController(problems);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.validation.ConstraintViolationException")
	static class ConstraintViolationProblems {

		@Bean
		@ConditionalOnMissingBean
		ConstraintViolationProblemDetailsAdvice constraintViolationProblemDetailsAdvice(ProblemDetailsWriter problems) {
			return new ConstraintViolationProblemDetailsAdvice(problems);
		}

	}

}
