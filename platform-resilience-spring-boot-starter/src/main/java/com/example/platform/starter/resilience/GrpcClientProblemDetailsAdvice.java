package com.example.platform.starter.resilience;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.platform.starter.web.ProblemDetailsWriter;

/**
 * A gRPC call to a downstream failed and the service did not handle it: answer with the matching
 * HTTP problem (UNAVAILABLE -> 503 with Retry-After, DEADLINE_EXCEEDED -> 504, ...).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class GrpcClientProblemDetailsAdvice {

	private static final Logger log = LoggerFactory.getLogger(GrpcClientProblemDetailsAdvice.class);

	private final ProblemDetailsWriter problems;

	GrpcClientProblemDetailsAdvice(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@ExceptionHandler(StatusRuntimeException.class)
	ResponseEntity<ProblemDetail> handleGrpcFailure(StatusRuntimeException ex, HttpServletRequest request) {
		Status.Code code = ex.getStatus().getCode();
		log.warn("Downstream gRPC call failed with {}: {}", code, ex.getStatus().getDescription());
		boolean loop = HopLimits.isExceeded(ex);
		HttpStatus status = loop ? HttpStatus.LOOP_DETECTED : GrpcStatusProblems.httpStatusOf(code);
		ProblemDetail problem = ProblemDetailsWriter.problem(status, loop
				? "A downstream refused the request: hop limit reached, the request is probably in a loop."
				: GrpcStatusProblems.detailOf(code));
		this.problems.decorate(problem, request.getRequestURI());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		return response.body(problem);
	}

}
