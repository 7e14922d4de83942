package com.example.platform.notification.customer;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;

/**
 * Reads a customer's contact details from customer-service ({@code GET /api/customers/{id}}, {@link CustomerServiceApi}),
 * with this service's own client-credentials token (scope customers.read.all: any customer, whoever owns it; see
 * {@link CustomerServiceTokenConfiguration}). Every failure throws: unknown customer, 5xx, timeout, no token or an
 * unusable answer; a hanging customer-service cannot stall the Kafka consumer beyond the group's read timeout.
 */
@Component
public class CustomerClient {

	private final CustomerServiceApi customerService;

	CustomerClient(CustomerServiceApi customerService) {
		this.customerService = customerService;
	}

	public CustomerContact contact(UUID customerId) {
		CustomerContact contact;
		try {
			contact = this.customerService.customer(customerId);
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw new UnknownCustomerException(customerId);
		}
		if (contact == null || contact.email() == null || contact.email().isBlank()) {
			throw new IllegalStateException("customer-service returned no email for customer " + customerId);
		}
		return contact;
	}

}
