package com.example.platform.cli.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every log line of every service that carries one trace id, merged in time order: a request's story across the
 * services in one list (the correlation-id search). Reads the {@code <service>.log} files of ./platform's log
 * directory; a line is taken when it contains the trace id (text lines carry it in the correlation part, JSON lines
 * in their traceId member), together with the lines that continue it (a stack trace under a text line). Lines with
 * equal times keep their order within a file; files are taken in name order.
 */
public final class TraceLogs {

	/** Lines kept under one entry (a stack trace, the Kafka client's configuration dump); the rest are counted. */
	static final int CONTINUATION_LINES = 10;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

	private TraceLogs() {
	}

	/** The lines of the log files in {@code directory} that carry {@code traceId}, in time order. */
	public static List<LogLine> find(Path directory, String traceId, ZoneId zone) {
		List<Path> files;
		try (Stream<Path> listing = Files.list(directory)) {
			files = listing.filter((file) -> file.getFileName().toString().endsWith(".log"))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + directory, ex);
		}
		List<LogLine> found = new ArrayList<>();
		for (Path file : files) {
			String service = file.getFileName().toString().replaceFirst("\\.log$", "");
			found.addAll(find(service, read(file), traceId, zone));
		}
		// A stable sort: continuation lines (no time of their own) carry their first line's time
		found.sort(Comparator.comparing(LogLine::time, Comparator.nullsLast(Comparator.naturalOrder())));
		return found;
	}

	/** The lines of one service's log that carry {@code traceId}; a line without a time gets the previous one's. */
	static List<LogLine> find(String service, List<String> lines, String traceId, ZoneId zone) {
		List<LogLine> found = new ArrayList<>();
		boolean inMatch = false;
		int continued = 0;
		Instant last = null;
		for (String line : lines) {
			if (line.isBlank()) {
				continue;
			}
			LogLine parsed = LogLine.parse(service, line, zone);
			if (parsed.time() != null) {
				skipped(found, service, last, continued);
				inMatch = line.contains(traceId);
				continued = 0;
				last = parsed.time();
				if (inMatch) {
					found.add(parsed);
				}
			}
			else if (inMatch) {
				// a stack trace's line, or a message's second line, under a line of the trace
				if (++continued <= CONTINUATION_LINES) {
					found.add(new LogLine(last, service, "", "", line, false));
				}
			}
			else if (line.contains(traceId)) {
				found.add(new LogLine(last, service, parsed.level(), parsed.logger(), parsed.message(), parsed.json()));
			}
		}
		skipped(found, service, last, continued);
		return found;
	}

	private static void skipped(List<LogLine> found, String service, Instant time, int continued) {
		if (continued > CONTINUATION_LINES) {
			found.add(new LogLine(time, service, "", "", "... " + (continued - CONTINUATION_LINES)
					+ " more lines of this entry in " + service + ".log", false));
		}
	}

	/** One line per log line: time of day, service, level, logger and message. */
	public static String format(List<LogLine> lines, ZoneId zone) {
		int width = lines.stream().mapToInt((line) -> line.service().length()).max().orElse(0);
		StringBuilder out = new StringBuilder();
		for (LogLine line : lines) {
			String time = line.time() == null ? "" : TIME.format(line.time().atZone(zone));
			if (line.level().isEmpty() && line.logger().isEmpty() && !line.json()) {
				out.append(String.format(Locale.ROOT, "%-12s %-" + width + "s   %s%n", time, line.service(),
						line.message()));
				continue;
			}
			out.append(String.format(Locale.ROOT, "%-12s %-" + width + "s %-5s %s : %s%n", time, line.service(),
					line.level(), line.logger(), shortened(line.message(), line.service())));
		}
		return out.toString();
	}

	/** A JSON entry's message with many lines (a stack trace, a configuration dump): its first lines, then a count. */
	static String shortened(String message, String service) {
		List<String> lines = message.lines().toList();
		if (lines.size() <= CONTINUATION_LINES + 1) {
			return message;
		}
		return String.join("\n", lines.subList(0, CONTINUATION_LINES + 1)) + "\n... "
				+ (lines.size() - CONTINUATION_LINES - 1) + " more lines of this entry in " + service + ".log";
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (java.nio.charset.MalformedInputException ex) {
			try {
				return List.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n"));
			}
			catch (IOException again) {
				throw new UncheckedIOException("cannot read " + file, again);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

}
