package com.example.platform.notification.customer;

import java.util.UUID;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * notification-service's expectations of customer-service's REST API (the one call it makes), recorded by Pact as
 * target/pacts/notification-service-customer-service.json; {@link CommittedPact} fails the build when that differs
 * from the committed contracts/pacts copy, which customer-service's build verifies against the real service.
 * Each expectation is exercised through the real {@link CustomerServiceApi} and {@link CustomerClient}.
 */
@ExtendWith({ CommittedPact.class, PactConsumerTestExt.class })
@PactTestFor(providerName = "customer-service")
class CustomerServicePactTests {

	private static final UUID EXAMPLE_ID = UUID.fromString("6f1c2a1e-8d2b-4b6e-9a57-3c1f0e2d4b5a");

	/** The fields {@link CustomerContact} reads; customer-service may answer more. */
	@Pact(consumer = "notification-service")
	V4Pact aKnownCustomer(PactDslWithProvider builder) {
		return builder.given("a customer exists")
			.uponReceiving("a lookup of a customer's contact details")
			.method("GET")
			.pathFromProviderState("/api/customers/${customerId}", "/api/customers/" + EXAMPLE_ID)
			.matchHeader(HttpHeaders.AUTHORIZATION, "Bearer \\S+", "Bearer a-client-credentials-token")
			.willRespondWith()
			.status(200)
			.body(new PactDslJsonBody().valueFromProviderState("id", "${customerId}", EXAMPLE_ID.toString())
				.stringType("name", "Ada Lovelace")
				.stringMatcher("email", ".+@.+", "ada@example.com"))
			.toPact(V4Pact.class);
	}

	@Pact(consumer = "notification-service")
	V4Pact anUnknownCustomer(PactDslWithProvider builder) {
		return builder.given("no customer has the id")
			.uponReceiving("a lookup of an unknown customer")
			.method("GET")
			.path("/api/customers/" + EXAMPLE_ID)
			.matchHeader(HttpHeaders.AUTHORIZATION, "Bearer \\S+", "Bearer a-client-credentials-token")
			.willRespondWith()
			.status(404)
			.toPact(V4Pact.class);
	}

	@Test
	@PactTestFor(pactMethod = "aKnownCustomer")
	void readsTheContactDetails(MockServer customerService) {
		CustomerContact contact = client(customerService).contact(EXAMPLE_ID);

		assertThat(contact).isEqualTo(new CustomerContact(EXAMPLE_ID, "Ada Lovelace", "ada@example.com"));
	}

	@Test
	@PactTestFor(pactMethod = "anUnknownCustomer")
	void anUnknownCustomerIsReportedAsSuch(MockServer customerService) {
		assertThatExceptionOfType(UnknownCustomerException.class)
			.isThrownBy(() -> client(customerService).contact(EXAMPLE_ID));
	}

	/** The client as the service has it, the token standing in for its client-credentials one. */
	private static CustomerClient client(MockServer customerService) {
		RestClient restClient = RestClient.builder()
			.baseUrl(customerService.getUrl())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer a-client-credentials-token")
			.build();
		return new CustomerClient(HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient))
			.build()
			.createClient(CustomerServiceApi.class));
	}

}
