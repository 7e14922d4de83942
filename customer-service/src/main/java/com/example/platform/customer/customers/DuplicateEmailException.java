package com.example.platform.customer.customers;

/** Another customer already uses this e-mail address (compared case-insensitively). */
class DuplicateEmailException extends RuntimeException {

	DuplicateEmailException() {
		super("a customer with this email already exists");
	}

}
