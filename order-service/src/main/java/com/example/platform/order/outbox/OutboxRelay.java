package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows to Kafka, oldest first, and marks them published once the broker has
 * acknowledged them. Runs on its own thread: a pass every {@code poll-interval}, and one
 * right away when a transaction that wrote an event commits.
 * <p>
 * A send failure ends the pass: the rows already acknowledged are marked, the failed row
 * and everything after it stay pending and are tried again on a later pass. So a broker
 * outage loses nothing, reorders nothing, and needs no restart. Delivery is at least once
 * (a crash between the ack and the commit sends a row again): consumers deduplicate on
 * {@code ce_id}.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	static final String SOURCE = "/order-service";

	private static final Duration PENDING_COUNT_INTERVAL = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRepository outbox;

	private final TransactionTemplate transaction;

	private final KafkaOperations<String, byte[]> kafka;

	private final OutboxProperties properties;

	private final Tracer tracer;

	private final Propagator propagator;

	private final Semaphore wakeUp = new Semaphore(0);

	private volatile CountDownLatch stopped = new CountDownLatch(0);

	private volatile Thread thread;

	private Instant nextCleanup = Instant.EPOCH;

	private Instant nextCount = Instant.EPOCH;

	// Counted by the relay thread, read by the gauges: a metrics scrape never waits on the database
	private final AtomicLong pending = new AtomicLong();

	// Creation time (epoch millis) of the oldest pending event, 0 when none is pending
	private final AtomicLong oldestPending = new AtomicLong();

	@Autowired
	OutboxRelay(OutboxRepository outbox, PlatformTransactionManager transactionManager,
			KafkaOperations<String, byte[]> kafka, OutboxProperties properties, ObjectProvider<Tracer> tracer,
			ObjectProvider<Propagator> propagator) {
		this(outbox, transactionManager, kafka, properties, tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP));
	}

	OutboxRelay(OutboxRepository outbox, PlatformTransactionManager transactionManager,
			KafkaOperations<String, byte[]> kafka, OutboxProperties properties, Tracer tracer,
			Propagator propagator) {
		this.outbox = outbox;
		this.transaction = new TransactionTemplate(transactionManager);
		this.kafka = kafka;
		this.properties = properties;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@TransactionalEventListener
	void onEventStored(OutboxEventStored stored) {
		this.wakeUp.release();
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		this.stopped = new CountDownLatch(1);
		this.thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
	}

	@Override
	public synchronized void stop() {
		Thread running = this.thread;
		if (running == null) {
			return;
		}
		this.stopped.countDown();
		this.wakeUp.release();
		try {
			// A pass in progress finishes (bounded by the send timeout) rather than being cut
			running.join(this.properties.sendTimeout().plusSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	// Stops after the web server (which stops at DEFAULT_PHASE - 2048): events of the last
	// requests served during a graceful shutdown still go out
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private void loop() {
		while (this.stopped.getCount() > 0) {
			Pass pass;
			try {
				pass = relayPending();
				countPendingIfDue();
				cleanUpIfDue();
			}
			catch (RuntimeException ex) {
				logger.warn("Outbox relay pass failed, retrying in {}", this.properties.failureBackoff(), ex);
				pass = Pass.FAILED;
			}
			try {
				if (pass == Pass.FAILED) {
					// Do not hammer a broker or database that is down, even when new events arrive
					this.stopped.await(this.properties.failureBackoff().toMillis(), TimeUnit.MILLISECONDS);
				}
				else if (pass != Pass.FULL_BATCH) {
					this.wakeUp.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
					this.wakeUp.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * One pass, in one transaction: lock the oldest pending rows, send them in order, mark
	 * the acknowledged ones.
	 */
	Pass relayPending() {
		Pass pass = this.transaction.execute((status) -> {
			if (!this.outbox.tryLockRelay()) {
				return Pass.IDLE; // another instance is relaying
			}
			List<OutboxRow> rows = this.outbox.lockPending(this.properties.batchSize());
			for (OutboxRow row : rows) {
				try {
					send(row);
				}
				catch (SendFailedException ex) {
					// No stack trace: during an outage this repeats every backoff period
					logger.warn("Kafka did not acknowledge outbox event {} ({} for {}), it and later events stay pending: {}",
							row.id(), row.eventType(), row.aggregateId(), String.valueOf(ex.getCause()));
					return Pass.FAILED;
				}
				this.outbox.markPublished(row);
			}
			return (rows.size() == this.properties.batchSize()) ? Pass.FULL_BATCH
					: rows.isEmpty() ? Pass.IDLE : Pass.PARTIAL_BATCH;
		});
		return (pass != null) ? pass : Pass.IDLE;
	}

	// Sent inside a span whose parent is the trace of the request that wrote the row, so the
	// Kafka producer observation (and the consumers after it) continue that same trace.
	private void send(OutboxRow row) throws SendFailedException {
		Span span = startSpan(row);
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			this.kafka.send(record(row)).get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			span.error(ex);
			throw new SendFailedException(ex);
		}
		catch (ExecutionException ex) {
			span.error(ex.getCause());
			throw new SendFailedException(ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			span.error(ex);
			throw new SendFailedException(ex);
		}
		finally {
			span.end();
		}
	}

	private Span startSpan(OutboxRow row) {
		Span.Builder builder = (row.traceparent() != null)
				? this.propagator.extract(row,
						(carrier, key) -> OutboxPublisher.TRACEPARENT.equals(key) ? carrier.traceparent() : null)
				: this.tracer.spanBuilder().setNoParent();
		return builder.name("outbox publish")
			.tag("messaging.destination.name", this.properties.topic())
			.tag("outbox.event.type", row.eventType())
			.start();
	}

	private ProducerRecord<String, byte[]> record(OutboxRow row) {
		Headers headers = new RecordHeaders();
		header(headers, "ce_specversion", "1.0");
		header(headers, "ce_id", row.id().toString());
		header(headers, "ce_type", row.eventType());
		header(headers, "ce_source", SOURCE);
		header(headers, "ce_time", row.createdAt().toString());
		header(headers, "ce_subject", row.aggregateId());
		header(headers, "content-type", "application/protobuf");
		return new ProducerRecord<>(this.properties.topic(), null, row.aggregateId(), row.payload(), headers);
	}

	private static void header(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/** Outbox events not yet acknowledged by Kafka, as of the last count (at most a second old). */
	long pendingEvents() {
		return this.pending.get();
	}

	/**
	 * Age of the oldest event not yet acknowledged by Kafka, as of the last count (0 when none
	 * waits): it grows steadily when the broker is unreachable or the relay is stuck.
	 */
	Duration oldestPendingAge() {
		long oldest = this.oldestPending.get();
		return (oldest != 0) ? Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest)) : Duration.ZERO;
	}

	private void countPendingIfDue() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextCount)) {
			return;
		}
		this.nextCount = now.plus(PENDING_COUNT_INTERVAL);
		OutboxRepository.Backlog backlog = this.outbox.backlog();
		this.pending.set(backlog.pending());
		this.oldestPending.set((backlog.oldest() != null) ? backlog.oldest().toEpochMilli() : 0);
	}

	private void cleanUpIfDue() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextCleanup)) {
			return;
		}
		this.nextCleanup = now.plus(this.properties.retention().dividedBy(24).plusMinutes(1));
		int deleted = this.outbox.deletePublishedBefore(now.minus(this.properties.retention()));
		if (deleted > 0) {
			logger.info("Deleted {} published outbox event(s) older than {}", deleted, this.properties.retention());
		}
	}

	enum Pass {

		/** Nothing to do, or another instance holds the relay lock. */
		IDLE,
		/** Sent everything that was pending. */
		PARTIAL_BATCH,
		/** A whole batch went out: more may be waiting. */
		FULL_BATCH,
		/** Stopped at a failure; the rest stays pending. */
		FAILED

	}

	private static final class SendFailedException extends Exception {

		SendFailedException(Throwable cause) {
			super(cause);
		}

	}

}
