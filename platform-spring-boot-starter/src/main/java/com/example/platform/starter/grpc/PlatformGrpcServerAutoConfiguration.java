package com.example.platform.starter.grpc;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/** Maps Java exceptions of gRPC services to status codes; a service's own handler bean replaces it. */
@AutoConfiguration
@ConditionalOnClass({ io.grpc.BindableService.class, GrpcExceptionHandler.class })
public class PlatformGrpcServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(PlatformGrpcExceptionHandler.class)
	PlatformGrpcExceptionHandler platformGrpcExceptionHandler() {
		return new PlatformGrpcExceptionHandler();
	}

}
