package com.example.platform.starter.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page as a problem: what a filter or the container refused with {@code sendError} (e.g. Spring
 * Security's firewall rejecting an encoded {@code %}) would otherwise get Spring Boot's own JSON shape, which is not
 * RFC 9457 and echoes the raw path. Replaces Boot's {@code BasicErrorController}.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemDetailsErrorController implements ErrorController {

	private final ProblemDetailsWriter problems;

	ProblemDetailsErrorController(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@RequestMapping
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		String detail = status.is5xxServerError() ? "An unexpected error occurred. Quote the traceId when reporting it."
				: "The request could not be processed.";
		ProblemDetail problem = ProblemDetailsWriter.problem(status, detail);
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		this.problems.decorate(problem, (path instanceof String text) ? text : null);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
