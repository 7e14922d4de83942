package com.example.platform.order.outbox;

import java.time.Duration;

import com.example.platform.order.relay.RelayLifecycle;
import com.example.platform.order.relay.RelayLoop;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows to Kafka and marks them published once the broker has acknowledged them, in order per key. Runs
 * on its own thread ({@link RelayLoop}): a pass every {@code poll-interval}, one right away when a transaction that
 * wrote an event commits, and the next one at once after a full batch.
 * <p>
 * A pass ({@link OutboxBatchPublisher}) claims a batch, sends it with no database transaction or lock open, and
 * marks what was acknowledged; a failure leaves the rest pending for a later pass, after {@code failure-backoff}.
 * Between passes the relay refreshes the backlog gauges ({@link OutboxBacklog}) and deletes old published rows
 * ({@link OutboxCleanup}). Several instances may relay at once: each claims different rows, never two of one key.
 */
@Component
class OutboxRelay implements RelayLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxBatchPublisher publisher;

	private final OutboxBacklog backlog;

	private final OutboxCleanup cleanup;

	private final RelayLoop loop;

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
		this.publisher = new OutboxBatchPublisher(outbox, new TransactionTemplate(transactionManager), kafka,
				new OutboxRecordMapper(properties.topic(), tracer, propagator), tracer, properties.batchSize(),
				properties.sendTimeout());
		this.backlog = new OutboxBacklog(outbox);
		this.cleanup = new OutboxCleanup(outbox, properties.retention());
		// A pass in progress finishes (bounded by the send timeout) rather than being cut
		this.loop = new RelayLoop("outbox-relay", logger, properties.pollInterval(), properties.failureBackoff(),
				properties.sendTimeout().plusSeconds(5), this::pass);
	}

	@TransactionalEventListener
	void onEventStored(OutboxEventStored stored) {
		this.loop.wakeUp();
	}

	@Override
	public RelayLoop loop() {
		return this.loop;
	}

	private RelayLoop.Next pass() {
		Pass pass = relayPending();
		this.backlog.countIfDue();
		this.cleanup.cleanUpIfDue();
		return switch (pass) {
			case FULL_BATCH -> RelayLoop.Next.NOW;
			case FAILED -> RelayLoop.Next.AFTER_BACKOFF;
			case IDLE, PARTIAL_BATCH -> RelayLoop.Next.AFTER_POLL_INTERVAL;
		};
	}

	/** One pass: claim, send, mark. */
	Pass relayPending() {
		return this.publisher.publishBatch();
	}

	/** Outbox events not yet acknowledged by Kafka, as of the last count (at most a second old). */
	long pendingEvents() {
		return this.backlog.pendingEvents();
	}

	/** Age of the oldest event not yet acknowledged by Kafka, as of the last count (0 when none waits). */
	Duration oldestPendingAge() {
		return this.backlog.oldestPendingAge();
	}

	/** The backlog gauges' source, refreshed by this relay's thread. */
	OutboxBacklog backlog() {
		return this.backlog;
	}

	enum Pass {

		/** Nothing to do: nothing pending, or another instance holds it. */
		IDLE,
		/** Sent everything that was claimed. */
		PARTIAL_BATCH,
		/** A whole batch went out, or the send timeout cut it short: more may be waiting. */
		FULL_BATCH,
		/** Stopped at a failure; the rest stays pending. */
		FAILED

	}

}
