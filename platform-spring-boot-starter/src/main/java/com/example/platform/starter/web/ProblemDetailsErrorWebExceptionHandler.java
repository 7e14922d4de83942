package com.example.platform.starter.web;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;


/**
 * Every error a WebFlux service (the gateway) answers becomes an RFC 9457 problem, including the
 * ones no controller sees (no route, downstream refused, timeouts), with invalid fields listed and
 * the request's trace id. Spring's own WebFlux problem-details advice stays off so that all errors
 * take this one path. No stack
 * traces, no exception messages from deep inside (they name hosts and classes), only the status,
 * a human sentence and the trace id.
 */
class ProblemDetailsErrorWebExceptionHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsErrorWebExceptionHandler.class);

	private final ProblemDetailsWriter problems;

	public ProblemDetailsErrorWebExceptionHandler(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem = toProblem(ex);
		this.problems.decorate(problem, exchange.getRequest().getPath().value(), traceIdOfTheRequest(exchange));
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		HttpHeaders headers = response.getHeaders();
		if (ex instanceof ErrorResponse errorResponse) {
			// e.g. Retry-After of a refused call, Allow of a 405
			errorResponse.getHeaders().forEach(headers::put);
		}
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value() && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
			headers.set(HttpHeaders.RETRY_AFTER, "1");
		}
		byte[] body = this.problems.toJson(problem);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * On WebFlux the current span is not in a thread local when the error handler runs; the
	 * request's observation, kept in the exchange, knows it.
	 */
	private static @Nullable String traceIdOfTheRequest(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map(context -> context.<TracingObservationHandler.TracingContext>get(TracingObservationHandler.TracingContext.class))
			.map(TracingObservationHandler.TracingContext::getSpan)
			.map(span -> span.context().traceId())
			.orElse(null);
	}

	ProblemDetail toProblem(Throwable ex) {
		if (ex instanceof ErrorResponse errorResponse) {
			HttpStatusCode status = errorResponse.getStatusCode();
			// The platform's own refusals (budget spent, hop limit, breaker open) are counted, not logged: under
			// overload or an outage a log line each would flood the log
			if (status.is5xxServerError() && !(ex instanceof ResilienceProblems.RefusedCall)) {
				log.warn("Request failed with {}: {}", status, ex.toString());
			}
			ProblemDetail problem = ProblemDetailsWriter.problem(status, publicDetail(ex, errorResponse, status));
			if (ex instanceof WebExchangeBindException bindException) {
				problem.setProperty(PlatformProblemDetailsExceptionHandler.ERRORS, bindException.getFieldErrors()
					.stream()
					.map(error -> Map.of("field", error.getField(), "message",
							(error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid"))
					.toList());
			}
			return problem;
		}
		if (hasCause(ex, ConnectException.class) || hasCause(ex, UnknownHostException.class)) {
			log.warn("Downstream unreachable: {}", ex.toString());
			return ProblemDetailsWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
					"The service that handles this request is unavailable; try again later.");
		}
		if (hasCause(ex, TimeoutException.class)) {
			log.warn("Downstream timed out: {}", ex.toString());
			return ProblemDetailsWriter.problem(HttpStatus.GATEWAY_TIMEOUT,
					"The service that handles this request did not answer in time.");
		}
		log.error("Unhandled error", ex);
		return ProblemDetailsWriter.problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred. Quote the traceId when reporting it.");
	}

	private static String publicDetail(Throwable ex, ErrorResponse errorResponse, HttpStatusCode status) {
		// 4xx details written by Spring describe the request (safe to show); 5xx ones describe internals, except the
		// platform's own refusals, written for the caller
		String detail = errorResponse.getBody().getDetail();
		if ((status.is4xxClientError() || ex instanceof ResilienceProblems.RefusedCall) && detail != null) {
			return detail;
		}
		if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return "The service that handles this request is unavailable; try again later.";
		}
		if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			return "The service that handles this request did not answer in time.";
		}
		HttpStatus resolved = HttpStatus.resolve(status.value());
		return (resolved != null) ? resolved.getReasonPhrase() : "Request failed.";
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return true;
			}
			if (current.getCause() == current) {
				return false;
			}
		}
		return false;
	}

}
