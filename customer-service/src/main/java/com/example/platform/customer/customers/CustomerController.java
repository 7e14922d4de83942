package com.example.platform.customer.customers;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Errors are problem+json, rendered by the platform starter from the exceptions thrown here. */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final CustomerService customers;

	CustomerController(CustomerService customers) {
		this.customers = customers;
	}

	@PostMapping
	ResponseEntity<CustomerResponse> create(@Valid @RequestBody CreateCustomerRequest request) {
		Customer customer;
		try {
			customer = this.customers.create(request.name(), request.email(), request.creditLimit());
		}
		catch (DuplicateEmailException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, ex.getMessage());
		}
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(customer.id())
			.toUri();
		return ResponseEntity.created(location).body(CustomerResponse.from(customer));
	}

	/** The id is a String so that a malformed one is a 404 like any other unknown id, not a 400 or 500. */
	@GetMapping("/{id}")
	CustomerResponse get(@PathVariable String id) {
		UUID customerId = CustomerIds.parse(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer has this id"));
		try {
			return CustomerResponse.from(this.customers.get(customerId));
		}
		catch (CustomerNotFoundException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage());
		}
	}

}
