package com.example.platform.notification;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.platform.notification.customer.CustomerClient;
import com.example.platform.notification.customer.CustomerContact;

import org.springframework.stereotype.Service;

/** Turns order events into notifications, exactly once per event. */
@Service
public class NotificationService {

	private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

	private final NotificationRepository repository;

	private final CustomerClient customers;

	NotificationService(NotificationRepository repository, CustomerClient customers) {
		this.repository = repository;
		this.customers = customers;
	}

	/**
	 * Notifies the customer about the event unless that was done already. A failed customer lookup propagates, so the
	 * Kafka error handler retries the record and finally dead-letters it.
	 * @return whether a new notification was stored
	 */
	public boolean notifyCustomer(OrderEvent event) {
		// Cheap check first: a redelivered event needs neither customer-service nor a write
		if (this.repository.existsByEventId(event.eventId())) {
			log.debug("Event {} already notified, skipping", event.eventId());
			return false;
		}
		CustomerContact contact = this.customers.contact(event.customerId());
		boolean inserted = this.repository.insertIfAbsent(UUID.randomUUID(), event, contact.email());
		if (inserted) {
			log.info("Notified customer {} of {} for order {}", event.customerId(), event.type(), event.orderId());
		}
		else {
			// A concurrent delivery of the same event won the unique constraint
			log.debug("Event {} notified concurrently, skipping", event.eventId());
		}
		return inserted;
	}

	/** The owner's notifications (of an order, a customer, or both), oldest first. */
	List<Notification> find(String owner, UUID orderId, UUID customerId) {
		return this.repository.find(owner, orderId, customerId);
	}

}
