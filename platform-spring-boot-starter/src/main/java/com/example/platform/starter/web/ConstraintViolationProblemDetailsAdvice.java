package com.example.platform.starter.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Method-level bean validation (a {@code @Validated} bean) failed: 400 with the failing values listed. */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class ConstraintViolationProblemDetailsAdvice {

	private final ProblemDetailsWriter problems;

	ConstraintViolationProblemDetailsAdvice(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.BAD_REQUEST, "The request has invalid values.");
		List<Map<String, String>> errors = ex.getConstraintViolations()
			.stream()
			.map(violation -> Map.of("field", String.valueOf(violation.getPropertyPath()), "message",
					violation.getMessage()))
			.toList();
		problem.setProperty(PlatformProblemDetailsExceptionHandler.ERRORS, errors);
		this.problems.decorate(problem, request.getRequestURI());
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
