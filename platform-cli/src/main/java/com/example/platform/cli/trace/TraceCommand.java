package com.example.platform.cli.trace;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code platform-cli trace <zipkin-url> <trace-id> [--expect service[:KIND[:name-part]]]... [--wait <seconds>]}: the
 * trace as a {@link Waterfall}, from Zipkin's API, then its address in Zipkin's UI. With --expect it polls Zipkin
 * (every half second, up to --wait seconds, default 30) until the trace holds every expected span: each service
 * exports its spans in its own batches, so the consumer's spans can come seconds after the producer's.
 * <p>
 * Exit status: 0 the trace (with every expected span), 1 Zipkin answered but the trace is missing or incomplete after
 * the wait (what is there is printed, then what is missing), 2 a wrong command line, 3 Zipkin does not answer (the
 * trace is unavailable; nothing else is wrong with the platform because of it).
 */
public final class TraceCommand {

	static final String USAGE = """
			Usage: platform-cli trace <zipkin-url> <trace-id> [--expect service[:KIND[:name-part]]]... [--wait <seconds>]
			  Prints the trace as a waterfall (one line per span, indented under its parent) and its Zipkin URL.
			  --expect  a span the trace must hold, e.g. notification-service:CONSUMER (repeatable); polls Zipkin
			            until all have arrived, for up to --wait seconds (default 30)
			  Exit status: 0 complete, 1 missing or incomplete, 2 usage, 3 Zipkin does not answer
			""";

	static final int INCOMPLETE = 1;

	static final int UNAVAILABLE = 3;

	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{16}|[0-9a-f]{32}");

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private TraceCommand() {
	}

	public static int run(List<String> args, PrintStream out, PrintStream err) {
		List<String> positional = new ArrayList<>();
		List<SpanExpectation> expected = new ArrayList<>();
		Duration wait = Duration.ofSeconds(30);
		try {
			for (int i = 0; i < args.size(); i++) {
				String arg = args.get(i);
				switch (arg) {
					case "--help", "-h" -> {
						out.print(USAGE);
						return 0;
					}
					case "--expect" -> expected.add(SpanExpectation.parse(value(args, ++i, arg)));
					case "--wait" -> wait = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
					default -> {
						if (arg.startsWith("--")) {
							throw new IllegalArgumentException("unknown option " + arg);
						}
						positional.add(arg);
					}
				}
			}
			if (positional.size() != 2) {
				throw new IllegalArgumentException("expected <zipkin-url> <trace-id>");
			}
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.print(USAGE);
			return 2;
		}
		String zipkin = positional.get(0).replaceAll("/+$", "");
		String traceId = positional.get(1).toLowerCase(Locale.ROOT);
		if (!TRACE_ID.matcher(traceId).matches()) {
			err.println("error: a trace id is 32 (or 16) hex digits, not '" + positional.get(1) + "'");
			return 2;
		}
		return new TraceCommand.Run(new ZipkinApi(zipkin), traceId, expected, wait, out, err).call();
	}

	private static String value(List<String> args, int index, String option) {
		if (index >= args.size()) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args.get(index);
	}

	/** Zipkin's HTTP API: the spans of a trace, or null when Zipkin has none (yet). */
	static final class ZipkinApi {

		private final String baseUrl;

		private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

		ZipkinApi(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		String baseUrl() {
			return this.baseUrl;
		}

		List<ZipkinSpan> trace(String traceId) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/v2/trace/" + traceId))
				.timeout(Duration.ofSeconds(5))
				.header("Accept", "application/json")
				.GET()
				.build();
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 404) {
				return null;
			}
			if (response.statusCode() != 200) {
				throw new IOException("GET " + request.uri() + " answered " + response.statusCode());
			}
			return ZipkinSpan.parseTrace(response.body());
		}

	}

	private record Run(ZipkinApi zipkin, String traceId, List<SpanExpectation> expected, Duration patience,
			PrintStream out, PrintStream err) {

		int call() {
			long deadline = System.nanoTime() + this.patience.toNanos();
			List<ZipkinSpan> spans;
			boolean announced = false;
			try {
				while (true) {
					spans = this.zipkin.trace(this.traceId);
					List<SpanExpectation> missing = missing(spans);
					if ((spans != null && missing.isEmpty()) || System.nanoTime() >= deadline) {
						return report(spans, missing);
					}
					if (!announced && !this.expected.isEmpty()) {
						this.out.println("waiting up to " + this.patience.toSeconds() + " s for the spans of "
								+ this.expected.stream().map(SpanExpectation::service).distinct().toList()
									.toString().replaceAll("[\\[\\]]", "")
								+ " to reach Zipkin");
						announced = true;
					}
					Thread.sleep(POLL_INTERVAL);
				}
			}
			catch (IOException | IllegalArgumentException ex) {
				this.out.println("The trace is unavailable: Zipkin does not answer at " + this.zipkin.baseUrl() + " ("
						+ describe(ex) + ").");
				this.out.println("Start it with ./platform up (without --no-traces); the services keep working without it.");
				return UNAVAILABLE;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return UNAVAILABLE;
			}
		}

		private List<SpanExpectation> missing(List<ZipkinSpan> spans) {
			if (spans == null) {
				return this.expected;
			}
			return this.expected.stream().filter((expectation) -> !expectation.metBy(spans)).toList();
		}

		private int report(List<ZipkinSpan> spans, List<SpanExpectation> missing) {
			String url = this.zipkin.baseUrl() + "/zipkin/traces/" + this.traceId;
			if (spans == null || spans.isEmpty()) {
				this.out.println("Zipkin has no spans of trace " + this.traceId
						+ (this.expected.isEmpty() ? "" : " after " + this.patience.toSeconds() + " s") + ".");
				this.out.println("(Is it a trace id from this run? Were the services started by ./platform up with Zipkin running?)");
				return INCOMPLETE;
			}
			this.out.print(Waterfall.render(this.traceId, spans));
			if (!missing.isEmpty()) {
				this.out.println("Incomplete: after " + this.patience.toSeconds() + " s Zipkin still has "
						+ String.join("; ", missing.stream()
							.map((expectation) -> expectation.describe().replaceFirst("^a ", "no "))
							.toList())
						+ ".");
			}
			this.out.println("Zipkin: " + url);
			return missing.isEmpty() ? 0 : INCOMPLETE;
		}

		private static String describe(Exception ex) {
			if (ex instanceof java.net.ConnectException) {
				return "connection refused";
			}
			if (ex instanceof java.net.http.HttpTimeoutException) {
				return "timed out";
			}
			return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
		}

	}

}
