package com.example.platform.starter.grpc;

import java.util.NoSuchElementException;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformGrpcServerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PlatformGrpcServerAutoConfiguration.class));

	private final PlatformGrpcExceptionHandler handler = new PlatformGrpcExceptionHandler();

	@Test
	void mapsExceptionsOfGrpcServicesByDefault() {
		this.contextRunner.run(context -> assertThat(context).hasSingleBean(PlatformGrpcExceptionHandler.class));
	}

	@Test
	void backsOffForTheServicesOwnHandler() {
		this.contextRunner.withUserConfiguration(OwnHandler.class).run(context -> {
			assertThat(context).hasSingleBean(PlatformGrpcExceptionHandler.class);
			assertThat(context.getBean(PlatformGrpcExceptionHandler.class)).isInstanceOf(OwnGrpcExceptionHandler.class);
		});
	}

	@Test
	void badArgumentsAreInvalidArgument() {
		assertThat(this.handler.handleException(new IllegalArgumentException("amount must be > 0")).getStatus())
			.extracting(Status::getCode, Status::getDescription)
			.containsExactly(Status.Code.INVALID_ARGUMENT, "amount must be > 0");
	}

	@Test
	void missingEntitiesAreNotFound() {
		assertThat(this.handler.handleException(new NoSuchElementException("no customer 42")).getStatus().getCode())
			.isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void statusExceptionsKeepTheirStatus() {
		assertThat(this.handler.handleException(Status.FAILED_PRECONDITION.asRuntimeException()).getStatus().getCode())
			.isEqualTo(Status.Code.FAILED_PRECONDITION);
	}

	@Test
	void anythingElseIsLeftToTheNextHandler() {
		assertThat(this.handler.handleException(new IllegalStateException("bug"))).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandler {

		@Bean
		OwnGrpcExceptionHandler ownGrpcExceptionHandler() {
			return new OwnGrpcExceptionHandler();
		}

	}

	static class OwnGrpcExceptionHandler extends PlatformGrpcExceptionHandler {

	}

}
