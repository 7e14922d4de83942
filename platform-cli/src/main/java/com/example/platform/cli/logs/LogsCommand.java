package com.example.platform.cli.logs;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code platform-cli logs <logs-dir> --trace <trace-id>}: every line of every service's log (order-service's outbox
 * relay included) that carries the trace id, merged in time order ({@link TraceLogs}). Exit status 0 with lines,
 * 1 when no line carries it, 2 for a wrong command line.
 */
public final class LogsCommand {

	static final String USAGE = """
			Usage: platform-cli logs <logs-dir> --trace <trace-id>
			  Every line of the <service>.log files in <logs-dir> that carries the trace id (text or JSON lines),
			  merged in time order; exit status 1 when there is none.
			""";

	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{16}|[0-9a-f]{32}");

	private LogsCommand() {
	}

	public static int run(List<String> args, PrintStream out, PrintStream err) {
		if (args.contains("--help") || args.contains("-h")) {
			out.print(USAGE);
			return 0;
		}
		if (args.size() != 3 || !args.get(1).equals("--trace")) {
			err.print(USAGE);
			return 2;
		}
		Path directory = Path.of(args.get(0));
		String traceId = args.get(2).toLowerCase(Locale.ROOT);
		if (!TRACE_ID.matcher(traceId).matches()) {
			err.println("error: a trace id is 32 (or 16) hex digits, not '" + args.get(2) + "'");
			return 2;
		}
		if (!Files.isDirectory(directory)) {
			err.println("error: no log directory " + directory + " (run ./platform up first)");
			return 2;
		}
		ZoneId zone = ZoneId.systemDefault();
		List<LogLine> lines;
		try {
			lines = TraceLogs.find(directory, traceId, zone);
		}
		catch (UncheckedIOException ex) {
			err.println("error: " + ex.getMessage());
			return 2;
		}
		if (lines.isEmpty()) {
			err.println("No log line in " + directory + " carries trace id " + traceId
					+ " (services log little at INFO; a trace of an earlier run may be in rotated-away logs).");
			return 1;
		}
		out.print(TraceLogs.format(lines, zone));
		List<String> services = lines.stream().map(LogLine::service).distinct().toList();
		out.println("-- " + lines.size() + (lines.size() == 1 ? " line" : " lines") + " from "
				+ String.join(", ", services) + ", in time order");
		return 0;
	}

}
