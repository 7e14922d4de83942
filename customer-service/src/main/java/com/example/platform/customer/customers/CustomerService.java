package com.example.platform.customer.customers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.UUID;

import com.example.platform.customer.security.Caller;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Creates and reads customers. Credit changes belong to the credit feature.
 * <p>
 * Object-level authorization (OWASP API1): a customer belongs to the principal that created it. Another principal's
 * customer is reported exactly like one that does not exist ({@link CustomerNotFoundException}), so ids of other
 * principals' customers cannot even be confirmed.
 */
@Service
public class CustomerService {

	private final CustomerRepository repository;

	CustomerService(CustomerRepository repository) {
		this.repository = repository;
	}

	/** A new customer of {@code owner}, starting with all of its credit available. */
	Customer create(String owner, String name, String email, BigDecimal creditLimit) {
		BigDecimal limit = creditLimit.setScale(2, RoundingMode.UNNECESSARY);
		Customer customer = new Customer(UUID.randomUUID(), name.strip(), email.strip(), limit, limit, owner);
		try {
			this.repository.insert(customer);
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateEmailException();
		}
		return customer;
	}

	/**
	 * The customer, if the caller may read it: its owner, or a caller allowed to read any customer.
	 * @throws CustomerNotFoundException when there is no such customer or the caller may not read it
	 */
	public Customer get(UUID id, Caller caller) {
		return this.repository.findById(id)
			.filter((customer) -> caller.mayRead(customer.owner()))
			.orElseThrow(() -> new CustomerNotFoundException(id));
	}

	/** Whether the customer exists and the caller may read it. */
	public boolean isVisibleTo(UUID id, Caller caller) {
		return this.repository.findById(id).filter((customer) -> caller.mayRead(customer.owner())).isPresent();
	}

	/** The caller's own customers, oldest first (also for a caller that may read any customer). */
	List<Customer> mine(Caller caller) {
		return this.repository.findByOwner(caller.subject());
	}

}
