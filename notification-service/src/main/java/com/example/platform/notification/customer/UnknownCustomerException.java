package com.example.platform.notification.customer;

import java.util.UUID;

/** customer-service does not know the customer an event names. */
public class UnknownCustomerException extends RuntimeException {

	UnknownCustomerException(UUID customerId) {
		super("customer-service has no customer " + customerId);
	}

}
