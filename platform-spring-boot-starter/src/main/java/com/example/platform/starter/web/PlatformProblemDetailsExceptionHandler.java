package com.example.platform.starter.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error an MVC service answers is an RFC 9457 problem: Spring MVC's own exceptions (through
 * {@link ResponseEntityExceptionHandler}), bean validation with the failing fields listed, and
 * anything unexpected as a bare 500 without internals. Ordered last so that more specific advice
 * (the platform's gRPC and validation advice, or a service's own) is consulted first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class PlatformProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(PlatformProblemDetailsExceptionHandler.class);

	public static final String ERRORS = "errors";

	/** Tomcat's exception for parameters it cannot decode; by name, so this class does not need Tomcat. */
	private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

	private final ProblemDetailsWriter problems;

	PlatformProblemDetailsExceptionHandler(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(fieldError(error.getField(), error));
		}
		for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
			errors.add(fieldError(error.getObjectName(), error));
		}
		problem.setProperty(ERRORS, errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.BAD_REQUEST, "The request has invalid parameters.");
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach(result -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach(error -> errors.add(fieldError(name, error)));
		});
		problem.setProperty(ERRORS, errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// The parser's message names Java types and positions: useful in logs, noise in an API.
		ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not valid JSON of the expected shape.");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		if (ex.getClass().getName().equals(TOMCAT_INVALID_PARAMETER)) {
			// The client's query string or form is not valid in its encoding (e.g. %ff%fe): its fault, not ours
			ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.BAD_REQUEST,
					"The request's parameters could not be decoded.");
			return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
		}
		log.error("Unhandled error", ex);
		ProblemDetail problem = ProblemDetailsWriter.problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred. Quote the traceId when reporting it.");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			if (problem.getTitle() == null && HttpStatus.resolve(statusCode.value()) != null) {
				problem.setTitle(HttpStatus.valueOf(statusCode.value()).getReasonPhrase());
			}
			this.problems.decorate(problem, requestPath(request));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String requestPath(WebRequest request) {
		if (request instanceof NativeWebRequest nativeRequest) {
			HttpServletRequest servletRequest = nativeRequest.getNativeRequest(HttpServletRequest.class);
			if (servletRequest != null) {
				return servletRequest.getRequestURI();
			}
		}
		return null;
	}

	static Map<String, String> fieldError(String field, MessageSourceResolvable error) {
		String message = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
		return Map.of("field", field, "message", message);
	}

}
