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

	static ResponseStatusException idempotencyKeyReused(String key) {
		return new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT,
				"Idempotency-Key " + key + " was already used for a different request");
	}

	static ResponseStatusException idempotencyKeyGivenUp(String key) {
		return new ResponseStatusException(HttpStatus.CONFLICT, "Another request with Idempotency-Key " + key
				+ " failed while this one was running, and the order it was placing was given up; send the request again");
	}

	static ResponseStatusException invalidIdempotencyKey() {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST,
				"Idempotency-Key must be 1 to 200 visible ASCII characters");
	}

}
