package com.example.platform.customer.customers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Creates and reads customers. Credit changes belong to the credit feature. */
@Service
public class CustomerService {

	private final CustomerRepository repository;

	CustomerService(CustomerRepository repository) {
		this.repository = repository;
	}

	/** A new customer starts with all of its credit available. */
	Customer create(String name, String email, BigDecimal creditLimit) {
		BigDecimal limit = creditLimit.setScale(2, RoundingMode.UNNECESSARY);
		Customer customer = new Customer(UUID.randomUUID(), name.strip(), email.strip(), limit, limit);
		try {
			this.repository.insert(customer);
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateEmailException();
		}
		return customer;
	}

	public Customer get(UUID id) {
		return this.repository.findById(id).orElseThrow(() -> new CustomerNotFoundException(id));
	}

}
