package com.example.platform.cli.trace;

import java.util.Collection;
import java.util.Locale;

/**
 * A span a trace must hold before it counts as complete: {@code service[:KIND[:name-part]]}, e.g.
 * {@code notification-service:CONSUMER} or {@code customer-service:SERVER:reservecredit}. Kind and name part are
 * compared ignoring case; an empty kind matches any.
 */
public record SpanExpectation(String service, String kind, String namePart) {

	public static SpanExpectation parse(String text) {
		String[] parts = text.split(":", 3);
		if (parts[0].isBlank()) {
			throw new IllegalArgumentException("expected service[:KIND[:name-part]], not '" + text + "'");
		}
		String kind = parts.length > 1 && !parts[1].isBlank() ? parts[1].toUpperCase(Locale.ROOT) : null;
		if (kind != null && !java.util.Set.of("SERVER", "CLIENT", "PRODUCER", "CONSUMER").contains(kind)) {
			throw new IllegalArgumentException(
					"unknown span kind '" + parts[1] + "' in '" + text + "' (SERVER, CLIENT, PRODUCER, CONSUMER)");
		}
		String namePart = parts.length > 2 && !parts[2].isBlank() ? parts[2].toLowerCase(Locale.ROOT) : null;
		return new SpanExpectation(parts[0], kind, namePart);
	}

	public boolean metBy(Collection<ZipkinSpan> spans) {
		return spans.stream().anyMatch(this::matches);
	}

	boolean matches(ZipkinSpan span) {
		return span.service().equals(this.service) && (this.kind == null || this.kind.equals(span.kind()))
				&& (this.namePart == null || span.name().toLowerCase(Locale.ROOT).contains(this.namePart));
	}

	/** How a person reads it: "a consumer span of notification-service". */
	public String describe() {
		String what = this.kind == null ? "a span" : "a " + this.kind.toLowerCase(Locale.ROOT) + " span";
		return what + (this.namePart == null ? "" : " named *" + this.namePart + "*") + " of " + this.service;
	}

}
