package com.example.platform.cli.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.platform.cli.json.Json;

/**
 * One span as Zipkin's API v2 returns it (GET /api/v2/trace/{traceId}: a JSON array of these). Times are in
 * microseconds since the epoch, as Zipkin keeps them.
 *
 * @param id the span's id (16 hex digits)
 * @param parentId its parent's id, or null for a root
 * @param kind SERVER, CLIENT, PRODUCER, CONSUMER, or null for a local span
 * @param name the span's name (Zipkin lower-cases it)
 * @param service the service that recorded it (localEndpoint.serviceName)
 * @param remoteService the other side, when the exporter named it (remoteEndpoint.serviceName), or null
 * @param timestamp start, in microseconds since the epoch (0 when Zipkin did not get one)
 * @param duration in microseconds (0 when unknown)
 * @param tags its tags (http.method, error, ...)
 */
public record ZipkinSpan(String id, String parentId, String kind, String name, String service, String remoteService,
		long timestamp, long duration, Map<String, String> tags) {

	/** The spans of Zipkin's answer to GET /api/v2/trace/{traceId}. */
	public static List<ZipkinSpan> parseTrace(String json) {
		if (!(Json.parse(json) instanceof List<?> elements)) {
			throw new IllegalArgumentException("not a Zipkin trace: expected a JSON array of spans");
		}
		List<ZipkinSpan> spans = new ArrayList<>();
		for (Object element : elements) {
			if (element instanceof Map<?, ?> span) {
				spans.add(of(span));
			}
		}
		return spans;
	}

	private static ZipkinSpan of(Map<?, ?> span) {
		Map<String, String> tags = new LinkedHashMap<>();
		if (span.get("tags") instanceof Map<?, ?> map) {
			map.forEach((key, value) -> tags.put(String.valueOf(key), String.valueOf(value)));
		}
		String kind = text(span.get("kind"));
		return new ZipkinSpan(text(span.get("id")), text(span.get("parentId")),
				kind == null ? null : kind.toUpperCase(Locale.ROOT), orElse(text(span.get("name")), "(unnamed)"),
				orElse(text(Json.at(span, "localEndpoint", "serviceName")), "(unknown service)"),
				text(Json.at(span, "remoteEndpoint", "serviceName")), number(span.get("timestamp")),
				number(span.get("duration")), Map.copyOf(tags));
	}

	private static String text(Object value) {
		return (value instanceof String string && !string.isBlank()) ? string : null;
	}

	private static String orElse(String value, String fallback) {
		return value != null ? value : fallback;
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	/** True when the span failed (Zipkin's convention: an "error" tag). */
	public boolean failed() {
		return this.tags.containsKey("error");
	}

}
