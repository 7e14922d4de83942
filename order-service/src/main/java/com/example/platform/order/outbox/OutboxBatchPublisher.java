package com.example.platform.order.outbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One pass of the outbox relay, in three steps, none of which holds a database transaction or lock while Kafka
 * is waited on (DESIGN.md section 6):
 * <ol>
 * <li>claim the oldest pending rows (one statement: {@link OutboxRepository#claimPending});</li>
 * <li>send them, without the database: in rounds, each sending the next row of every key at once and then waiting
 * for the acknowledgements. A key's next row waits for the next round, so it never overtakes the one before it,
 * whatever the producer does with a failed record. A failure (or the send timeout) ends the sending;</li>
 * <li>in one short transaction, mark the acknowledged rows published and release the others, which stay pending
 * and are claimed again by the next pass: a broker outage loses nothing and needs no restart.</li>
 * </ol>
 * Delivery is at least once: a crash between an acknowledgement and its mark sends the row again once the claim
 * has lapsed; consumers deduplicate on {@code ce_id}.
 */
class OutboxBatchPublisher {

	// The relay's logger: one name to watch and tune for all the relay does
	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRepository outbox;

	private final TransactionTemplate transaction;

	private final KafkaOperations<String, byte[]> kafka;

	private final OutboxRecordMapper records;

	private final Tracer tracer;

	private final int batchSize;

	private final Duration sendTimeout;

	// Names this relay on the rows it claims; another instance (or a restart) is another owner
	private final UUID owner = UUID.randomUUID();

	OutboxBatchPublisher(OutboxRepository outbox, TransactionTemplate transaction, KafkaOperations<String, byte[]> kafka,
			OutboxRecordMapper records, Tracer tracer, int batchSize, Duration sendTimeout) {
		this.outbox = outbox;
		this.transaction = transaction;
		this.kafka = kafka;
		this.records = records;
		this.tracer = tracer;
		this.batchSize = batchSize;
		this.sendTimeout = sendTimeout;
	}

	OutboxRelay.Pass publishBatch() {
		List<OutboxRow> claimed = this.outbox.claimPending(this.batchSize, this.owner, claimDuration());
		if (claimed.isEmpty()) {
			return OutboxRelay.Pass.IDLE; // nothing pending, or another instance holds it
		}
		Sent sent = send(claimed);
		Set<UUID> acknowledgedIds = Set.copyOf(sent.acknowledged().stream().map(OutboxRow::id).toList());
		List<OutboxRow> unacknowledged = claimed.stream().filter((row) -> !acknowledgedIds.contains(row.id())).toList();
		this.transaction.executeWithoutResult((status) -> {
			sent.acknowledged().forEach(this.outbox::markPublished);
			this.outbox.releaseClaims(unacknowledged, this.owner);
		});
		if (sent.failed() != null) {
			// No stack trace: during an outage this repeats every backoff period
			OutboxRow row = sent.failed();
			logger.warn("Kafka did not acknowledge outbox event {} ({} for {}), it and {} other unacknowledged event(s)"
					+ " of the batch stay pending: {}", row.id(), row.eventType(), row.aggregateId(),
					unacknowledged.size() - 1, String.valueOf(sent.failure()));
			return OutboxRelay.Pass.FAILED;
		}
		return (claimed.size() == this.batchSize || !unacknowledged.isEmpty()) ? OutboxRelay.Pass.FULL_BATCH
				: OutboxRelay.Pass.PARTIAL_BATCH;
	}

	/**
	 * The claim must outlast the pass: the sends (at most the send timeout) and what a send given up at the timeout
	 * may still deliver (the producer's delivery.timeout.ms, shorter than the send timeout). Only a relay that
	 * crashed or lost the database mid-pass lets it lapse.
	 */
	private Duration claimDuration() {
		return this.sendTimeout.multipliedBy(2);
	}

	private Sent send(List<OutboxRow> claimed) {
		Map<String, Deque<OutboxRow>> waitingByKey = new LinkedHashMap<>(); // keys in the order of their first row
		claimed.forEach((row) -> waitingByKey.computeIfAbsent(row.aggregateId(), (key) -> new ArrayDeque<>()).add(row));
		long deadline = System.nanoTime() + this.sendTimeout.toNanos();
		List<OutboxRow> acknowledged = new ArrayList<>();
		while (!waitingByKey.isEmpty() && System.nanoTime() < deadline) {
			List<InFlight> round = new ArrayList<>();
			for (Deque<OutboxRow> waiting : waitingByKey.values()) {
				InFlight sending = send(waiting.peek());
				round.add(sending);
				if (sending.acknowledgement().isCompletedExceptionally()) {
					break; // refused before it left the client (no broker metadata, buffer full): send no more
				}
			}
			Sent failed = null;
			for (InFlight sending : round) {
				Throwable failure = sending.await(deadline);
				if (failure == null) {
					acknowledged.add(sending.row());
					sending.logPublished(this.tracer);
					waitingByKey.get(sending.row().aggregateId()).poll();
				}
				else if (failed == null) {
					failed = new Sent(acknowledged, sending.row(), failure);
				}
			}
			if (failed != null) {
				return failed;
			}
			waitingByKey.values().removeIf(Deque::isEmpty);
		}
		return new Sent(acknowledged, null, null);
	}

	private InFlight send(OutboxRow row) {
		Span span = this.records.startSpan(row);
		CompletableFuture<?> acknowledgement;
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			acknowledgement = this.kafka.send(this.records.toRecord(row));
		}
		catch (RuntimeException ex) {
			acknowledgement = CompletableFuture.failedFuture(ex);
		}
		return new InFlight(row, span, acknowledgement);
	}

	/** A record given to the producer; its span ends with the acknowledgement (or the failure). */
	private record InFlight(OutboxRow row, Span span, CompletableFuture<?> acknowledgement) {

		/**
		 * One line per published event, in the trace of the request that wrote it (as the consumers' lines are):
		 * ./platform logs --trace shows the relay's step between the request and the consumers.
		 */
		void logPublished(Tracer tracer) {
			try (Tracer.SpanInScope scope = tracer.withSpan(this.span)) {
				logger.info("Published outbox event {} ({} for {}) to Kafka", this.row.id(), this.row.eventType(),
						this.row.aggregateId());
			}
		}

		/** @return null once acknowledged, else why not (by the deadline) */
		Throwable await(long deadline) {
			Throwable failure = null;
			try {
				this.acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException ex) {
				failure = ex.getCause();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failure = ex;
			}
			catch (TimeoutException | RuntimeException ex) {
				failure = ex;
			}
			if (failure != null) {
				this.span.error(failure);
			}
			this.span.end();
			return failure;
		}

	}

	/**
	 * @param acknowledged rows Kafka acknowledged, to mark published
	 * @param failed the first row that failed (null when none did)
	 */
	private record Sent(List<OutboxRow> acknowledged, OutboxRow failed, Throwable failure) {
	}

}
