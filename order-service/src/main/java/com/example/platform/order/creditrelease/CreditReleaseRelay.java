package com.example.platform.order.creditrelease;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.example.platform.order.customer.CustomerCreditClient;
import com.example.platform.order.relay.RelayLifecycle;
import com.example.platform.order.relay.RelayLoop;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers the compensating ReleaseCredit calls recorded by {@link CreditReleaseOutbox}. Runs on its own thread
 * ({@link RelayLoop}, as the outbox relay): a pass every {@code poll-interval}, and one right away when a transaction
 * that recorded a release commits (so the normal case takes milliseconds; the table is the safety net).
 * <p>
 * A pass claims the due rows in one short statement (no transaction, row lock or advisory lock is held while it waits
 * on the network), then calls customer-service for each with this service's own token:
 * <ul>
 * <li>an answer (released or not: a release that comes first leaves a tombstone) deletes the row;</li>
 * <li>NOT_FOUND, FAILED_PRECONDITION or INVALID_ARGUMENT is an answer too: nothing can be released, logged as a
 * WARN, the row is deleted;</li>
 * <li>anything else (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED, no token from the issuer...) leaves the row, to
 * be tried again after a backoff that doubles per failure up to {@code max-backoff}: a customer-service outage loses
 * nothing and needs no restart.</li>
 * </ul>
 * Several instances may run: each claims different rows; a release delivered twice changes nothing.
 */
@Component
class CreditReleaseRelay implements RelayLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CreditReleaseRelay.class);

	/** customer-service's answers that no retry can change. */
	private static final Set<Status.Code> FINAL = Set.of(Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION,
			Status.Code.INVALID_ARGUMENT);

	private static final Duration PENDING_COUNT_INTERVAL = Duration.ofSeconds(1);

	private final CreditReleaseRepository repository;

	private final CustomerCreditClient credit;

	private final CreditReleaseProperties properties;

	private final RelayLoop loop;

	private Instant nextCount = Instant.EPOCH;

	// Counted by the relay thread, read by the gauge: a metrics scrape never waits on the database
	private final AtomicLong pending = new AtomicLong();

	CreditReleaseRelay(CreditReleaseRepository repository, CustomerCreditClient credit,
			CreditReleaseProperties properties) {
		this.repository = repository;
		this.credit = credit;
		this.properties = properties;
		// A call in progress ends within its deadline; what is left stays in the table for the next start
		this.loop = new RelayLoop("credit-release-relay", logger, properties.pollInterval(),
				properties.failureBackoff(), Duration.ofSeconds(10), this::pass);
	}

	@TransactionalEventListener
	void onRecorded(CreditReleaseRecorded recorded) {
		this.loop.wakeUp();
	}

	@Override
	public RelayLoop loop() {
		return this.loop;
	}

	private RelayLoop.Next pass() {
		boolean more = relayDue();
		countPendingIfDue();
		return more ? RelayLoop.Next.NOW : RelayLoop.Next.AFTER_POLL_INTERVAL;
	}

	/**
	 * One pass: claims the due releases and tries each once.
	 * @return whether a whole batch was due (more may be waiting)
	 */
	boolean relayDue() {
		List<PendingCreditRelease> due = this.repository.claimDue(this.properties.batchSize(),
				this.properties.initialBackoff(), this.properties.maxBackoff());
		for (PendingCreditRelease release : due) {
			if (this.loop.isStopping()) {
				break; // claimed but not tried: due again after its backoff
			}
			attempt(release);
		}
		return due.size() == this.properties.batchSize();
	}

	private void attempt(PendingCreditRelease release) {
		try {
			boolean released = this.credit.releaseAsService(release.customerId(), release.orderId());
			this.repository.delete(release.orderId());
			if (released) {
				logger.info("Released the credit customer {} had held for order {}, which was never stored "
						+ "(its reservation had failed with an unknown outcome; attempt {})", release.customerId(),
						release.orderId(), release.attempts());
			}
			else {
				logger.info("Compensation for order {} of customer {} delivered: nothing was held (attempt {})",
						release.orderId(), release.customerId(), release.attempts());
			}
		}
		catch (StatusRuntimeException ex) {
			Status.Code code = ex.getStatus().getCode();
			if (FINAL.contains(code)) {
				this.repository.delete(release.orderId());
				logger.warn("customer-service answered {} to the compensating release of order {} (customer {}): "
						+ "nothing to release, given up: {}", code, release.orderId(), release.customerId(),
						ex.getStatus().getDescription());
			}
			else {
				failed(release, ex.getStatus().toString());
			}
		}
		catch (RuntimeException ex) {
			// No token from the issuer, or a local failure: the release is still owed
			failed(release, String.valueOf(ex));
		}
	}

	// No stack trace: during an outage this repeats at every backoff
	private void failed(PendingCreditRelease release, String error) {
		this.repository.recordFailure(release.orderId(), error);
		logger.warn("Compensating release of order {} (customer {}) failed at attempt {}, will retry with backoff: {}",
				release.orderId(), release.customerId(), release.attempts(), error);
	}

	/** Releases owed to customer-service, as of the last count (at most a second old). */
	long pendingReleases() {
		return this.pending.get();
	}

	private void countPendingIfDue() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextCount)) {
			return;
		}
		this.nextCount = now.plus(PENDING_COUNT_INTERVAL);
		this.pending.set(this.repository.countPending());
	}

}
