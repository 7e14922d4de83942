package com.example.platform.starter.web;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * The platform's one writer of RFC 9457 problem bodies (shape: contracts/wire-protocol). Controllers' problems
 * travel through Spring's message converters and are decorated here; everything answered outside them (servlet
 * filters, security handlers, Tomcat's error valve, the WebFlux error handler, the gateway's filters) is
 * serialized here, with the application's JSON mapper. Every problem carries the request path as
 * {@code instance} and the trace id, so a user's report can be found in the logs and traces.
 */
public final class ProblemDetailsWriter {

	public static final String TRACE_ID = "traceId";

	private final JsonMapper json;

	private final Supplier<@Nullable String> currentTraceId;

	public ProblemDetailsWriter(@Nullable JsonMapper applicationMapper, ObjectProvider<Tracer> tracer) {
		this(applicationMapper, () -> traceIdOf(tracer.getIfAvailable()));
	}

	private ProblemDetailsWriter(@Nullable JsonMapper applicationMapper, Supplier<@Nullable String> currentTraceId) {
		// The mix-in renders the problem's extension properties as top-level members, as Spring's converters do
		JsonMapper.Builder builder = (applicationMapper != null) ? applicationMapper.rebuild() : JsonMapper.builder();
		this.json = builder.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
		this.currentTraceId = currentTraceId;
	}

	/** For writers that exist before any bean (Tomcat's error valve): default mapper, no trace. */
	static ProblemDetailsWriter standalone() {
		return new ProblemDetailsWriter(null, () -> null);
	}

	/** A problem whose title is the status's reason phrase. */
	public static ProblemDetail problem(HttpStatusCode status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		HttpStatus known = HttpStatus.resolve(status.value());
		problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
		return problem;
	}

	/** Adds {@code instance} and the current trace id, unless the problem has them already. */
	public ProblemDetail decorate(ProblemDetail problem, @Nullable String path) {
		return decorate(problem, path, this.currentTraceId.get());
	}

	/** As {@link #decorate(ProblemDetail, String)}, with a trace id known by the caller (reactive code has no current span). */
	public ProblemDetail decorate(ProblemDetail problem, @Nullable String path, @Nullable String traceId) {
		if (problem.getInstance() == null && path != null) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// a path that is not a valid URI (it came from the client as is): the problem goes without it
			}
		}
		if (traceId != null && (problem.getProperties() == null || !problem.getProperties().containsKey(TRACE_ID))) {
			problem.setProperty(TRACE_ID, traceId);
		}
		return problem;
	}

	public byte[] toJson(ProblemDetail problem) {
		return this.json.writeValueAsBytes(problem);
	}

	private static @Nullable String traceIdOf(@Nullable Tracer tracer) {
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		return (span != null) ? span.context().traceId() : null;
	}

	/** Servlet responses; a class of its own so that reactive applications, without the Servlet API, can load the writer. */
	public static final class Servlet {

		private Servlet() {
		}

		/** Decorates and writes the problem as the whole response (headers set before this call are kept). */
		public static void write(ProblemDetailsWriter writer, HttpServletResponse response, ProblemDetail problem,
				@Nullable String path) throws IOException {
			byte[] body = writer.toJson(writer.decorate(problem, path));
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.flushBuffer();
		}

	}

}
