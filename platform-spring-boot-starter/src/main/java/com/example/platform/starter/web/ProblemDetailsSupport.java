package com.example.platform.starter.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What every problem body the platform writes has in common: a title, the request path as
 * {@code instance}, and the trace id so a user's report can be found in the logs and traces.
 */
public final class ProblemDetailsSupport {

	public static final String TRACE_ID = "traceId";

	private ProblemDetailsSupport() {
	}

	public static ProblemDetail problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	/**
	 * The problem as RFC 9457 members, for writers outside Spring MVC's message converters (servlet filters, the
	 * security entry point): a plain JSON mapper lacks Spring's ProblemDetail mix-in and would nest "properties".
	 */
	public static Map<String, Object> members(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

	public static void decorate(ProblemDetail problem, String path, ObjectProvider<Tracer> tracer) {
		if (problem.getInstance() == null && path != null) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// a path that is not a valid URI (it came from the client as is): the problem goes without it
			}
		}
		Tracer current = tracer.getIfAvailable();
		Span span = (current != null) ? current.currentSpan() : null;
		if (span != null && (problem.getProperties() == null || !problem.getProperties().containsKey(TRACE_ID))) {
			problem.setProperty(TRACE_ID, span.context().traceId());
		}
	}

}
