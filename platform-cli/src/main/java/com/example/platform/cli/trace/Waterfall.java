package com.example.platform.cli.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trace as a waterfall for the terminal: one line per span, children under their parent (by parentId) and indented
 * one step deeper, siblings in the order they started; each line with its start (relative to the trace's first span),
 * its duration, a bar on the trace's time line, the service and the span's name and kind. A span whose parent is not
 * in the trace (the caller's, or one that has not arrived yet) starts a tree of its own.
 */
public final class Waterfall {

	static final int BAR_WIDTH = 30;

	private static final Comparator<ZipkinSpan> BY_START = Comparator.comparingLong(ZipkinSpan::timestamp)
		.thenComparing(ZipkinSpan::service)
		.thenComparing(ZipkinSpan::name);

	private Waterfall() {
	}

	public static String render(String traceId, List<ZipkinSpan> spans) {
		if (spans.isEmpty()) {
			return "Trace " + traceId + ": no spans\n";
		}
		// Zipkin may hold a span twice (e.g. reported by two exporters): one line per id
		Map<String, ZipkinSpan> byId = new java.util.LinkedHashMap<>();
		List<ZipkinSpan> unique = new ArrayList<>();
		for (ZipkinSpan span : spans) {
			if (span.id() == null || byId.putIfAbsent(span.id(), span) == null) {
				unique.add(span);
			}
		}
		Map<String, List<ZipkinSpan>> children = new HashMap<>();
		List<ZipkinSpan> roots = new ArrayList<>();
		for (ZipkinSpan span : unique) {
			if (span.parentId() != null && !span.parentId().equals(span.id()) && byId.containsKey(span.parentId())) {
				children.computeIfAbsent(span.parentId(), (id) -> new ArrayList<>()).add(span);
			}
			else {
				roots.add(span);
			}
		}
		long start = unique.stream().mapToLong(ZipkinSpan::timestamp).min().orElse(0);
		long end = unique.stream().mapToLong((span) -> span.timestamp() + span.duration()).max().orElse(start);
		long total = Math.max(1, end - start);
		Set<String> services = new LinkedHashSet<>();
		unique.stream().sorted(BY_START).forEach((span) -> services.add(span.service()));

		StringBuilder out = new StringBuilder();
		out.append("Trace ").append(traceId).append(": ").append(unique.size())
			.append(unique.size() == 1 ? " span" : " spans").append(" from ").append(services.size())
			.append(services.size() == 1 ? " service" : " services").append(" (")
			.append(String.join(", ", services)).append("), ").append(duration(end - start).strip()).append('\n');
		out.append(String.format(Locale.ROOT, "%9s %10s  %-" + (BAR_WIDTH + 2) + "s %s%n", "start", "duration",
				"timeline", "service: span (kind)"));
		roots.sort(BY_START);
		Set<ZipkinSpan> printed = new HashSet<>();
		for (ZipkinSpan root : roots) {
			print(out, root, 0, start, total, children, printed);
		}
		return out.toString();
	}

	private static void print(StringBuilder out, ZipkinSpan span, int depth, long start, long total,
			Map<String, List<ZipkinSpan>> children, Set<ZipkinSpan> printed) {
		if (!printed.add(span)) {
			return; // a parent cycle in broken data: print each span once
		}
		out.append(String.format(Locale.ROOT, "%9s %10s  %s %s%s%n", duration(span.timestamp() - start),
				duration(span.duration()), bar(span.timestamp() - start, span.duration(), total), "  ".repeat(depth),
				label(span)));
		List<ZipkinSpan> below = new ArrayList<>(children.getOrDefault(span.id(), List.of()));
		below.sort(BY_START);
		for (ZipkinSpan child : below) {
			print(out, child, depth + 1, start, total, children, printed);
		}
	}

	static String label(ZipkinSpan span) {
		StringBuilder label = new StringBuilder(span.service()).append(": ").append(span.name());
		List<String> notes = new ArrayList<>();
		if (span.kind() != null) {
			String kind = span.kind().toLowerCase(Locale.ROOT);
			notes.add(span.remoteService() != null ? kind + " -> " + span.remoteService() : kind);
		}
		if (span.failed()) {
			notes.add("ERROR " + span.tags().get("error"));
		}
		if (!notes.isEmpty()) {
			label.append(" (").append(String.join(", ", notes)).append(')');
		}
		return label.toString();
	}

	/** [    ======      ]: where the span lies on the trace's time line; at least one mark, however short. */
	static String bar(long offset, long duration, long total) {
		int from = (int) Math.min(BAR_WIDTH - 1, Math.max(0, offset * BAR_WIDTH / total));
		int to = (int) Math.min(BAR_WIDTH, Math.max(from + 1, Math.round((double) (offset + duration) * BAR_WIDTH / total)));
		return "[" + " ".repeat(from) + "=".repeat(to - from) + " ".repeat(BAR_WIDTH - to) + "]";
	}

	/** Microseconds as milliseconds with one decimal below 10 s, else seconds: "12.3 ms", "12.35 s". */
	static String duration(long micros) {
		if (Math.abs(micros) < 10_000_000) {
			return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
		}
		return String.format(Locale.ROOT, "%.2f s", micros / 1_000_000.0);
	}

}
