package com.example.platform.order.customer;

import io.grpc.StatusRuntimeException;

/**
 * ReserveCredit failed after the request may have reached customer-service (its deadline passed, it was cancelled, or
 * it failed with UNAVAILABLE, UNKNOWN or INTERNAL once a connection had taken it): the reservation may have committed
 * there. The contract makes the caller compensate (ReleaseCredit for the order id until answered) and never use that
 * order id again. Still the call's {@link StatusRuntimeException}, with its status and trailers, so the request answers
 * the usual 503/504 problem.
 */
public class CreditOutcomeUnknownException extends StatusRuntimeException {

	public CreditOutcomeUnknownException(StatusRuntimeException failure) {
		super(failure.getStatus(), failure.getTrailers());
	}

}
