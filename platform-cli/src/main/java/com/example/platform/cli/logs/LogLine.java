package com.example.platform.cli.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.cli.json.Json;

/**
 * One log line of a service, read from either format the services write: Spring Boot's text console format (the
 * default locally: {@code 2026-12-07T14:18:21.402Z  INFO 4242 --- [order-service] [main] [trace-span] logger : message})
 * or structured JSON (LOG_FORMAT=ecs: Elastic Common Schema, {@code {"@timestamp":..., "log":{"level":...,
 * "logger":...}, "message":..., "traceId":...}}; flat keys such as {@code "log.level"} are read too).
 *
 * @param time when it was logged, or null when the line does not start with a time (a stack trace's lines)
 * @param service the service whose log it is
 * @param level INFO, WARN, ... or empty when unknown
 * @param logger the logger's name as written, or empty
 * @param message the message (for a line of unknown shape: the whole line)
 * @param json true when the service logged it as JSON
 */
public record LogLine(Instant time, String service, String level, String logger, String message, boolean json) {

	// Spring Boot's console pattern: time, level, pid, "---", [application] [thread] [correlation], logger " : " message.
	// The bracketed parts vary (no application name, no correlation), so everything up to the logger is skipped.
	private static final Pattern BOOT_TEXT = Pattern.compile(
			"^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)\\s+"
					+ "(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s+(?:\\d+\\s+)?---\\s+(?:\\[[^\\]]*\\]\\s*)*(\\S+)\\s+:\\s(.*)$");

	private static final Pattern LEADING_TIME = Pattern
		.compile("^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)\\s+(.*)$");

	/** The line as read: JSON when it is a JSON object, else Boot's text format, else a time and the rest, else raw. */
	static LogLine parse(String service, String line, ZoneId zone) {
		String trimmed = line.strip();
		if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
			try {
				if (Json.parse(trimmed) instanceof Map<?, ?> entry) {
					return fromJson(service, entry, zone);
				}
			}
			catch (IllegalArgumentException ex) {
				// not JSON after all: read as text
			}
		}
		Matcher boot = BOOT_TEXT.matcher(line);
		if (boot.matches()) {
			return new LogLine(time(boot.group(1), zone), service, boot.group(2), boot.group(3), boot.group(4), false);
		}
		Matcher timed = LEADING_TIME.matcher(line);
		if (timed.matches()) {
			return new LogLine(time(timed.group(1), zone), service, "", "", timed.group(2), false);
		}
		return new LogLine(null, service, "", "", line, false);
	}

	private static LogLine fromJson(String service, Map<?, ?> entry, ZoneId zone) {
		Object time = first(entry, "@timestamp", "timestamp", "time");
		String level = text(first(entry, "log.level", "level"), Json.at(entry, "log", "level"));
		String logger = text(first(entry, "log.logger", "logger_name", "logger"), Json.at(entry, "log", "logger"));
		String message = text(first(entry, "message", "short_message"), null);
		Object error = first(entry, "error.stack_trace");
		Object nested = Json.at(entry, "error", "stack_trace");
		String stack = text(error, nested);
		if (!stack.isEmpty()) {
			message = message + "\n" + stack.stripTrailing();
		}
		Instant instant = time instanceof String text ? time(text, zone) : null;
		return new LogLine(instant, service, level, logger, message, true);
	}

	private static Object first(Map<?, ?> entry, String... keys) {
		for (String key : keys) {
			if (entry.get(key) != null) {
				return entry.get(key);
			}
		}
		return null;
	}

	private static String text(Object value, Object fallback) {
		Object chosen = value != null ? value : fallback;
		return chosen == null ? "" : String.valueOf(chosen);
	}

	/** An ISO-8601 time with or without offset (without: in {@code zone}, the machine's), or null. */
	static Instant time(String text, ZoneId zone) {
		String iso = text.replace(' ', 'T').replace(',', '.');
		try {
			return OffsetDateTime.parse(iso).toInstant();
		}
		catch (DateTimeParseException ex) {
			// no offset, or one written without a colon
		}
		try {
			return OffsetDateTime.parse(iso.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant();
		}
		catch (DateTimeParseException ex) {
			// no offset
		}
		try {
			return LocalDateTime.parse(iso).atZone(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
