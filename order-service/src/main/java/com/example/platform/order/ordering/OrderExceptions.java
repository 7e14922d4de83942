package com.example.platform.order.ordering;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Domain errors; the platform starter renders them as problem details with this text. */
final class OrderExceptions {

	private OrderExceptions() {
	}

	static ResponseStatusException orderNotFound(String id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "order " + id + " not found");
	}

	static ResponseStatusException unknownCustomer(UUID customerId) {
		return new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown customer " + customerId);
	}

	static ResponseStatusException notCancellable(Order order) {
		return new ResponseStatusException(HttpStatus.CONFLICT,
				"order " + order.id() + " is " + order.status() + " and cannot be cancelled");
	}

}
