package com.example.platform.order.relay;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;

import org.springframework.context.SmartLifecycle;

/**
 * The thread of a relay that delivers rows of a table to the network (the outbox relay, the credit release relay):
 * it runs passes one after another, each pass saying when the next should start. A pass is woken up early by
 * {@link #wakeUp()} (a transaction that wrote a row committed), so the normal case takes milliseconds and polling
 * is only the safety net.
 */
public final class RelayLoop {

	/**
	 * Phase of the relays' {@link SmartLifecycle}: they stop after the web server (which stops at
	 * {@code DEFAULT_PHASE - 2048}), so the rows written by the last requests served during a graceful shutdown
	 * are still tried.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** When the next pass starts, as the pass that just ended asks. */
	public enum Next {

		/** More rows may be waiting: at once. */
		NOW,
		/** Caught up: after the poll interval, or earlier when woken up. */
		AFTER_POLL_INTERVAL,
		/** A dependency failed: after the failure backoff, even when woken up (do not hammer what is down). */
		AFTER_BACKOFF

	}

	private final String threadName;

	private final Logger logger;

	private final Duration pollInterval;

	private final Duration failureBackoff;

	private final Duration stopTimeout;

	private final Supplier<Next> pass;

	private final Semaphore wakeUp = new Semaphore(0);

	private volatile CountDownLatch stopped = new CountDownLatch(0);

	private volatile Thread thread;

	/**
	 * @param threadName names the thread and the relay in the log
	 * @param logger the relay's logger (its log stays under the relay's name)
	 * @param stopTimeout how long {@link #stop()} waits for a pass in progress
	 * @param pass one pass; a {@link RuntimeException} counts as {@link Next#AFTER_BACKOFF}, logged
	 */
	public RelayLoop(String threadName, Logger logger, Duration pollInterval, Duration failureBackoff,
			Duration stopTimeout, Supplier<Next> pass) {
		this.threadName = threadName;
		this.logger = logger;
		this.pollInterval = pollInterval;
		this.failureBackoff = failureBackoff;
		this.stopTimeout = stopTimeout;
		this.pass = pass;
	}

	/** Starts the next pass now if the loop is waiting for its poll interval (not during a failure backoff). */
	public void wakeUp() {
		this.wakeUp.release();
	}

	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		this.stopped = new CountDownLatch(1);
		this.thread = Thread.ofPlatform().name(this.threadName).daemon().start(this::loop);
	}

	/** Lets a pass in progress finish (up to the stop timeout) rather than cutting it: what is left stays in the table. */
	public synchronized void stop() {
		Thread running = this.thread;
		if (running == null) {
			return;
		}
		this.stopped.countDown();
		this.wakeUp.release();
		try {
			running.join(this.stopTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
	}

	public boolean isRunning() {
		return this.thread != null;
	}

	/** Whether {@link #stop()} was called: a long pass may end early, leaving the rest for the next start. */
	public boolean isStopping() {
		return this.stopped.getCount() == 0;
	}

	private void loop() {
		while (!isStopping()) {
			Next next;
			try {
				next = this.pass.get();
			}
			catch (RuntimeException ex) {
				this.logger.warn("{}: pass failed, retrying in {}", this.threadName, this.failureBackoff, ex);
				next = Next.AFTER_BACKOFF;
			}
			try {
				switch (next) {
					case AFTER_BACKOFF -> this.stopped.await(this.failureBackoff.toMillis(), TimeUnit.MILLISECONDS);
					case AFTER_POLL_INTERVAL -> {
						this.wakeUp.tryAcquire(this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
						this.wakeUp.drainPermits();
					}
					case NOW -> {
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
