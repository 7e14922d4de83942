package com.example.platform.order.outbox;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes published rows once they are older than the retention: about 24 times per retention period. */
class OutboxCleanup {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRepository outbox;

	private final Duration retention;

	private Instant nextCleanup = Instant.EPOCH;

	OutboxCleanup(OutboxRepository outbox, Duration retention) {
		this.outbox = outbox;
		this.retention = retention;
	}

	/** Called by the relay's thread only. */
	void cleanUpIfDue() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextCleanup)) {
			return;
		}
		this.nextCleanup = now.plus(this.retention.dividedBy(24).plusMinutes(1));
		int deleted = this.outbox.deletePublishedBefore(now.minus(this.retention));
		if (deleted > 0) {
			logger.info("Deleted {} published outbox event(s) older than {}", deleted, this.retention);
		}
	}

}
