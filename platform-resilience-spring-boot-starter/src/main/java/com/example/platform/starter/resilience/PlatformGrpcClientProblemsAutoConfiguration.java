package com.example.platform.starter.resilience;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.example.platform.starter.web.ProblemDetailsWriter;
import com.example.platform.starter.web.ProblemDetailsWriterConfiguration;

/**
 * A gRPC call to a downstream that failed and that the service did not handle answers as the matching HTTP problem
 * (503 + Retry-After, 504, 508 for the hop limit, ...). Its own auto-configuration so that MVC test slices get it too.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "io.grpc.StatusRuntimeException",
		"org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler" })
@Import(ProblemDetailsWriterConfiguration.class)
public class PlatformGrpcClientProblemsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcClientProblemDetailsAdvice grpcClientProblemDetailsAdvice(ProblemDetailsWriter problems) {
		return new GrpcClientProblemDetailsAdvice(problems);
	}

}
