package com.example.platform.customer.customers;

import java.math.BigDecimal;
import java.util.UUID;

record CustomerResponse(UUID id, String name, String email, BigDecimal creditLimit, BigDecimal availableCredit) {

	static CustomerResponse from(Customer customer) {
		return new CustomerResponse(customer.id(), customer.name(), customer.email(), customer.creditLimit(),
				customer.availableCredit());
	}

}
