package com.example.platform.order.creditrelease;

import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records that the credit of an order must be given back, in the caller's transaction: the compensation exists if
 * and only if the caller's change commits, and survives restarts. {@link CreditReleaseRelay} calls ReleaseCredit for
 * it right after the commit, then with backoff until customer-service answers.
 */
@Component
public class CreditReleaseOutbox {

	private final CreditReleaseRepository repository;

	private final ApplicationEventPublisher applicationEvents;

	CreditReleaseOutbox(CreditReleaseRepository repository, ApplicationEventPublisher applicationEvents) {
		this.repository = repository;
		this.applicationEvents = applicationEvents;
	}

	/**
	 * Owes customer-service a ReleaseCredit for the order; must run inside a transaction. Recording the same order
	 * twice records it once.
	 */
	public void add(UUID orderId, UUID customerId) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("A pending credit release must be written in a transaction");
		}
		this.repository.insert(orderId, customerId);
		this.applicationEvents.publishEvent(new CreditReleaseRecorded(orderId));
	}

}
