package com.example.platform.starter.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformMvcProblemDetailsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PlatformMvcProblemDetailsAutoConfiguration.class));

	@Test
	void providesProblemDetailsHandlingByDefault() {
		this.contextRunner.run(context -> {
			assertThat(context).hasSingleBean(PlatformProblemDetailsExceptionHandler.class);
			assertThat(context).hasSingleBean(ConstraintViolationProblemDetailsAdvice.class);
		});
	}

	@Test
	void backsOffWhenTheServiceHasItsOwnHandler() {
		this.contextRunner.withUserConfiguration(OwnHandler.class).run(context -> {
			assertThat(context).doesNotHaveBean(PlatformProblemDetailsExceptionHandler.class);
			assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class);
			assertThat(context.getBean(ResponseEntityExceptionHandler.class)).isInstanceOf(OwnExceptionHandler.class);
		});
	}

	@Test
	void doesNothingOutsideServletApplications() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PlatformMvcProblemDetailsAutoConfiguration.class))
			.run(context -> assertThat(context).doesNotHaveBean(PlatformProblemDetailsExceptionHandler.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandler {

		@Bean
		OwnExceptionHandler ownExceptionHandler() {
			return new OwnExceptionHandler();
		}

	}

	static class OwnExceptionHandler extends ResponseEntityExceptionHandler {

	}

}
