package com.example.platform.starter.resilience;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * The platform's policy for gRPC calls on one channel: the call's deadline is
 * min(its own, the downstream's timeout, the remaining budget of the request being handled); a
 * spent budget is never forwarded (DEADLINE_EXCEEDED without calling); the hop limit travels as
 * {@code x-hop-limit} metadata; an open circuit breaker or a full bulkhead fail the call with
 * UNAVAILABLE at once. Retries of UNAVAILABLE happen below this interceptor, in the channel's
 * native retry with its retry throttling (the budget), see {@link GrpcRetryServiceConfig}.
 */
class ResilienceClientInterceptor implements ClientInterceptor {

	private static final Set<Status.Code> FAILURES = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
			Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DATA_LOSS, Status.Code.RESOURCE_EXHAUSTED);

	private final DownstreamResilience.Downstream downstream;

	public ResilienceClientInterceptor(DownstreamResilience.Downstream downstream) {
		this.downstream = downstream;
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		RequestBudget budget = RequestBudget.current();
		if (budget != null && budget.expired()) {
			return new RefusedCall<>(Status.DEADLINE_EXCEEDED.withDescription(
					"the time budget of the request was spent before " + this.downstream.name() + " could be called"));
		}
		Duration timeout = RequestBudget.cap(this.downstream.timeout(), budget);
		Deadline deadline = Deadline.after(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
		boolean callDeadlineFirst = options.getDeadline() != null && options.getDeadline().isBefore(deadline);
		if (callDeadlineFirst) {
			deadline = options.getDeadline();
		}
		// Cut shorter than the downstream's limit by the remaining budget of the request being served: running out of
		// it says nothing about the downstream's health, so it must not count against its breaker. (A deadline the
		// calling code sets on the call is a limit for this downstream: it counts.)
		boolean limitedByCaller = !callDeadlineFirst && timeout.compareTo(this.downstream.timeout()) < 0;
		CircuitBreaker breaker = this.downstream.circuitBreaker();
		if (!breaker.tryAcquirePermission()) {
			return new RefusedCall<>(Status.UNAVAILABLE
				.withDescription(this.downstream.name() + " is failing; calls to it are paused (circuit breaker open)"));
		}
		if (!this.downstream.bulkhead().tryAcquirePermission()) {
			breaker.releasePermission();
			return new RefusedCall<>(
					Status.UNAVAILABLE.withDescription("too many calls in flight to " + this.downstream.name()));
		}
		int hopLimit = (budget != null) ? budget.outboundHopLimit() : RequestBudget.DEFAULT_HOP_LIMIT - 1;
		long start = System.nanoTime();
		AtomicBoolean done = new AtomicBoolean();
		CallOptions callOptions = options.withDeadline(deadline);
		if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
			// A trial call after an outage: wait (within the deadline) for the channel to reconnect
			// instead of failing fast on a connection that is still being re-established
			callOptions = callOptions.withWaitForReady();
		}
		ClientCall<Q, R> call = next.newCall(method, callOptions);
		return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {

			@Override
			public void start(Listener<R> listener, Metadata headers) {
				headers.put(GrpcContextBudget.HOP_LIMIT, Integer.toString(hopLimit));
				try {
					super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {

						@Override
						public void onClose(Status status, Metadata trailers) {
							complete(status, trailers);
							super.onClose(status, trailers);
						}

					}, headers);
				}
				catch (RuntimeException ex) {
					complete(Status.fromThrowable(ex), new Metadata());
					throw ex;
				}
			}

			private void complete(Status status, Metadata trailers) {
				if (!done.compareAndSet(false, true)) {
					return;
				}
				long took = System.nanoTime() - start;
				if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && limitedByCaller) {
					breaker.releasePermission();
				}
				else if (FAILURES.contains(status.getCode()) && !HopLimits.isExceeded(status, trailers)) {
					breaker.onError(took, TimeUnit.NANOSECONDS, status.asRuntimeException());
				}
				else if (status.getCode() == Status.Code.CANCELLED) {
					// The caller gave up: says nothing about the downstream
					breaker.releasePermission();
				}
				else {
					breaker.onSuccess(took, TimeUnit.NANOSECONDS);
				}
				downstream.bulkhead().onComplete();
			}

		};
	}

	/** A call that fails at start without reaching the network. */
	private static final class RefusedCall<Q, R> extends ClientCall<Q, R> {

		private final Status status;

		RefusedCall(Status status) {
			this.status = status;
		}

		@Override
		public void start(Listener<R> listener, Metadata headers) {
			listener.onClose(this.status, new Metadata());
		}

		@Override
		public void request(int numMessages) {
		}

		@Override
		public void cancel(String message, Throwable cause) {
		}

		@Override
		public void halfClose() {
		}

		@Override
		public void sendMessage(Q message) {
		}

	}

}
