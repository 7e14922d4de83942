package com.example.platform.customer.customers;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import com.example.platform.customer.security.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Errors are problem+json, rendered by the platform starter from the exceptions thrown here. The platform starter
 * has already checked the token and the route's scope (application.yaml); this class checks ownership.
 */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final CustomerService customers;

	CustomerController(CustomerService customers) {
		this.customers = customers;
	}

	/** The new customer belongs to the caller (the token's subject). */
	@PostMapping
	@ApiResponse(responseCode = "201", description = "Created; Location names the new customer")
	ResponseEntity<CustomerResponse> create(@Valid @RequestBody CreateCustomerRequest request,
			JwtAuthenticationToken token) {
		Customer customer;
		try {
			customer = this.customers.create(Caller.of(token).subject(), request.name(), request.email(),
					request.creditLimit());
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

	/** The caller's customers, oldest first. */
	@GetMapping
	List<CustomerResponse> mine(JwtAuthenticationToken token) {
		return this.customers.mine(Caller.of(token)).stream().map(CustomerResponse::from).toList();
	}

	/**
	 * The id is a String so that a malformed one is a 404 like any other unknown id, not a 400 or 500. Another
	 * principal's customer is a 404 too (not 403): whether the id exists is none of the caller's business.
	 */
	@GetMapping("/{id}")
	CustomerResponse get(@PathVariable String id, JwtAuthenticationToken token) {
		UUID customerId = CustomerIds.parse(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer has this id"));
		try {
			return CustomerResponse.from(this.customers.get(customerId, Caller.of(token)));
		}
		catch (CustomerNotFoundException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage());
		}
	}

}
