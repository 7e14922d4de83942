package com.example.platform.cli.logs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Recorded log samples (src/test/resources/logs): order-service and customer-service log text (Boot's console
 * format), notification-service logs ECS JSON, kafka its own format; lines of two traces are interleaved.
 */
class TraceLogsTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final ZoneId UTC = ZoneOffset.UTC;

	@Test
	void linesOfEveryServiceThatCarryTheTraceIdInTimeOrder() throws Exception {
		List<LogLine> lines = TraceLogs.find(samples(), TRACE, UTC);
		assertThat(lines).extracting(LogLine::service, LogLine::level, LogLine::message)
			.containsExactly(tuple("order-service", "INFO", "Order 7f1c placed for customer 42: CONFIRMED"),
					tuple("customer-service", "INFO", "Reserved 39.98 for order 7f1c"),
					tuple("order-service", "INFO", "Relayed OrderPlaced 7f1c to platform.order.events.v1"),
					tuple("notification-service", "INFO",
							"OrderPlaced 7f1c: notifying customer 42 at \"demo@example.com\""),
					tuple("order-service", "ERROR", "Send failed once, retrying"),
					tuple("order-service", "", "org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s)"),
					tuple("order-service", "",
							"\tat org.apache.kafka.clients.producer.internals.Sender.sendProducerData(Sender.java:415)"),
					tuple("notification-service", "ERROR",
							"Notification failed\njava.lang.IllegalStateException: boom\n\tat com.example.Foo.bar(Foo.java:1)"));
		assertThat(lines).extracting(LogLine::time).isSortedAccordingTo(java.util.Comparator.naturalOrder());
		assertThat(lines.get(0).time()).isEqualTo(Instant.parse("2026-12-07T14:18:21.402Z"));
		assertThat(lines.get(0).logger()).isEqualTo("c.e.p.order.placing.OrderService");
		assertThat(lines.get(3).json()).isTrue();
		assertThat(lines.get(3).logger()).isEqualTo("com.example.platform.notification.OrderEventsListener");
	}

	@Test
	void aRecordedEcsLineOfARealRun() throws Exception {
		// notification-service.log ends with a line notification-service wrote with LOG_FORMAT=ecs (2026-12-07)
		assertThat(TraceLogs.find(samples(), "86ddde5e6d12f0fe0e24e4783ce55dd8", UTC)).singleElement()
			.satisfies((line) -> {
				assertThat(line.json()).isTrue();
				assertThat(line.time()).isEqualTo(Instant.parse("2026-12-07T15:20:11.108989767Z"));
				assertThat(line.level()).isEqualTo("INFO");
				assertThat(line.logger()).isEqualTo("com.example.platform.notification.NotificationService");
				assertThat(line.message()).startsWith("Notified customer 03fdbfe3-955e-4fe0-842a-c2e3e6fb351c of ORDER_PLACED");
			});
	}

	@Test
	void anotherTracesLinesAreNotMixedIn() throws Exception {
		assertThat(TraceLogs.find(samples(), "0af7651916cd43dd8448eb211c80319c", UTC))
			.extracting(LogLine::service, LogLine::message)
			.containsExactly(tuple("order-service", "Order 8a2d rejected: unknown customer"),
					tuple("notification-service", "Contact lookup slow"));
	}

	@Test
	void formatsOneLinePerEntryWithTimeServiceLevelLoggerAndMessage() throws Exception {
		String text = TraceLogs.format(TraceLogs.find(samples(), TRACE, UTC), UTC);
		assertThat(text.lines().limit(5)).containsExactly(
				"14:18:21.402 order-service        INFO  c.e.p.order.placing.OrderService : Order 7f1c placed for customer 42: CONFIRMED",
				"14:18:21.430 customer-service     INFO  c.e.p.customer.credit.CreditService : Reserved 39.98 for order 7f1c",
				"14:18:21.455 order-service        INFO  c.e.p.order.outbox.OutboxRelay : Relayed OrderPlaced 7f1c to platform.order.events.v1",
				"14:18:21.461 notification-service INFO  com.example.platform.notification.OrderEventsListener : OrderPlaced 7f1c: notifying customer 42 at \"demo@example.com\"",
				"14:18:21.470 order-service        ERROR c.e.p.order.outbox.OutboxRelay : Send failed once, retrying");
		assertThat(text.lines().skip(5).limit(1))
			.containsExactly("14:18:21.470 order-service          org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s)");
	}

	@Test
	void aLongEntryKeepsItsFirstLinesAndSaysHowManyMoreThereAre() {
		List<String> lines = new java.util.ArrayList<>();
		lines.add("2026-12-07T15:15:32.799Z  INFO 4242 --- [order-service] [  outbox-relay-1] [" + TRACE
				+ "-1000000000000005] o.a.kafka.common.config.AbstractConfig   : ProducerConfig values: ");
		for (int i = 0; i < 25; i++) {
			lines.add("\tsetting." + i + " = " + i);
		}
		lines.add("2026-12-07T15:15:33.563Z  INFO 4242 --- [order-service] [  outbox-relay-1] [" + TRACE
				+ "-1000000000000005] c.e.platform.order.outbox.OutboxRelay    : Published outbox event 1 to Kafka");
		List<LogLine> found = TraceLogs.find("order-service", lines, TRACE, UTC);
		assertThat(found).extracting(LogLine::message)
			.hasSize(1 + TraceLogs.CONTINUATION_LINES + 1 + 1)
			.startsWith("ProducerConfig values: ", "\tsetting.0 = 0")
			.endsWith("\tsetting.9 = 9", "... 15 more lines of this entry in order-service.log",
					"Published outbox event 1 to Kafka");
	}

		@Test
	void aLongJsonMessageIsShortenedTheSameWay() {
		String message = "ProducerConfig values: \n" + String.join("\n",
				java.util.stream.IntStream.range(0, 25).mapToObj((i) -> "\tsetting." + i + " = " + i).toList());
		assertThat(TraceLogs.shortened(message, "order-service").lines()).hasSize(1 + TraceLogs.CONTINUATION_LINES + 1)
			.endsWith("\tsetting.9 = 9", "... 15 more lines of this entry in order-service.log");
		assertThat(TraceLogs.shortened("one\ntwo", "order-service")).isEqualTo("one\ntwo");
	}

	@Test
	void timesWithoutAnOffsetAreTheMachinesOwn() {
		assertThat(LogLine.time("2026-12-07T14:18:21.402", ZoneId.of("Europe/Berlin")))
			.isEqualTo(Instant.parse("2026-12-07T13:18:21.402Z"));
		assertThat(LogLine.time("2026-12-07 14:18:21,402+0100", UTC)).isEqualTo(Instant.parse("2026-12-07T13:18:21.402Z"));
		assertThat(LogLine.time("yesterday", UTC)).isNull();
	}

	@Test
	void theCommandPrintsTheLinesOrSaysThereAreNone() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
		PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
		assertThat(LogsCommand.run(List.of(samples().toString(), "--trace", TRACE.toUpperCase()), outStream,
				errStream)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Relayed OrderPlaced 7f1c")
			.endsWith("-- 8 lines from order-service, customer-service, notification-service, in time order\n");
		assertThat(LogsCommand.run(List.of(samples().toString(), "--trace", "1234567890abcdef1234567890abcdef"),
				outStream, errStream)).isEqualTo(1);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("No log line in ");
		assertThat(LogsCommand.run(List.of(samples().toString(), "--trace", "nope"), outStream, errStream)).isEqualTo(2);
		assertThat(LogsCommand.run(List.of(samples().toString()), outStream, errStream)).isEqualTo(2);
	}

	private static Path samples() throws URISyntaxException {
		return Path.of(TraceLogsTests.class.getResource("/logs").toURI());
	}

}
