package com.example.platform.order.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * How far the relay is behind, as the gauges {@code platform.outbox.pending} and
 * {@code platform.outbox.oldest.pending.age} (dashboards and alerts use these names). Counted by the relay's
 * thread at most once a second; a metrics scrape reads the last count and never waits on the database.
 */
class OutboxBacklog implements MeterBinder {

	private static final Duration COUNT_INTERVAL = Duration.ofSeconds(1);

	private final OutboxRepository outbox;

	private final AtomicLong pending = new AtomicLong();

	// Creation time (epoch millis) of the oldest pending event, 0 when none is pending
	private final AtomicLong oldestPending = new AtomicLong();

	private Instant nextCount = Instant.EPOCH;

	OutboxBacklog(OutboxRepository outbox) {
		this.outbox = outbox;
	}

	/** Counts again when the last count is a second old; called by the relay's thread only. */
	void countIfDue() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextCount)) {
			return;
		}
		this.nextCount = now.plus(COUNT_INTERVAL);
		OutboxRepository.Backlog backlog = this.outbox.backlog();
		this.pending.set(backlog.pending());
		this.oldestPending.set((backlog.oldest() != null) ? backlog.oldest().toEpochMilli() : 0);
	}

	/** Outbox events not yet acknowledged by Kafka, as of the last count. */
	long pendingEvents() {
		return this.pending.get();
	}

	/**
	 * Age of the oldest event not yet acknowledged by Kafka, as of the last count (0 when none waits): it grows
	 * steadily when the broker is unreachable or the relay is stuck.
	 */
	Duration oldestPendingAge() {
		long oldest = this.oldestPending.get();
		return (oldest != 0) ? Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest)) : Duration.ZERO;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// Alert when it grows (broker down, relay stuck)
		Gauge.builder("platform.outbox.pending", this, OutboxBacklog::pendingEvents)
			.description("Outbox events not yet acknowledged by Kafka")
			.register(registry);
		// The delay consumers see, whatever the volume
		Gauge.builder("platform.outbox.oldest.pending.age", this, (backlog) -> backlog.oldestPendingAge().toMillis() / 1000.0)
			.description("Age of the oldest outbox event not yet acknowledged by Kafka (0 when none waits)")
			.baseUnit("seconds")
			.register(registry);
	}

}
