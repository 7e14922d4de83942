package com.example.platform.starter.web;

import java.net.URI;

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
