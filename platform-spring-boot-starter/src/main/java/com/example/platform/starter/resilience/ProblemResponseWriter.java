package com.example.platform.starter.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;

/** Writes a problem+json answer from a servlet filter, before any controller runs. */
final class ProblemResponseWriter {

	private final ObjectProvider<Tracer> tracer;

	ProblemResponseWriter(ObjectProvider<Tracer> tracer) {
		this.tracer = tracer;
	}

	void write(HttpServletResponse response, int status, String title, String detail, String path)
			throws IOException {
		StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"").append(escape(title))
			.append("\",\"status\":")
			.append(status)
			.append(",\"detail\":\"")
			.append(escape(detail))
			.append("\",\"instance\":\"")
			.append(escape(path))
			.append('"');
		Tracer current = this.tracer.getIfAvailable();
		Span span = (current != null) ? current.currentSpan() : null;
		if (span != null) {
			json.append(",\"traceId\":\"").append(escape(span.context().traceId())).append('"');
		}
		json.append('}');
		byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static String escape(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
