package com.example.platform.customer.customers;

import java.util.NoSuchElementException;
import java.util.UUID;

/** No customer has this id. A NoSuchElementException, so generic mappings treat it as "not found". */
public class CustomerNotFoundException extends NoSuchElementException {

	public CustomerNotFoundException(UUID id) {
		super("customer " + id + " not found");
	}

}
