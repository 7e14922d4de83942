package com.example.platform.customer.customers;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import au.com.dius.pact.provider.spring.junit5.PactVerificationSpringProvider;
import com.example.platform.customer.CustomerServiceITSupport;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

/**
 * Verifies the pacts of customer-service's consumers (contracts/pacts, committed: read from the repository, not
 * from a consumer module's target/) against the real service on its real database: each recorded request is sent
 * to the running service and its answer must satisfy the consumer's expectations. Requests carry a
 * client-credentials-like token of notification-service (scope customers.read.all), as the real caller does.
 */
@Provider("customer-service")
@PactFolder("../contracts/pacts")
class CustomerServicePactIT extends CustomerServiceITSupport {

	@Autowired
	private CustomerService customers;

	/** This service's HTTP port on IPv4 (the Spring provider's default target is another port of the context's). */
	@BeforeEach
	void target(PactVerificationContext context) {
		context.setTarget(new HttpTestTarget("127.0.0.1", this.port));
	}

	@TestTemplate
	@ExtendWith(PactVerificationSpringProvider.class)
	void satisfiesItsConsumers(PactVerificationContext context, HttpRequest request) {
		request.setHeader(HttpHeaders.AUTHORIZATION, bearer("notification-service", "customers.read.all"));
		context.verifyInteraction();
	}

	@State("a customer exists")
	Map<String, Object> aCustomerExists() {
		Customer customer = this.customers.create(ALICE, "Ada Lovelace",
				"pact-" + UUID.randomUUID() + "@example.com", new BigDecimal("100.00"));
		return Map.of("customerId", customer.id().toString());
	}

	@State("no customer has the id")
	void noCustomerHasTheId() {
		// Ids are random UUIDs: the pact's example id is nobody's
	}

}
