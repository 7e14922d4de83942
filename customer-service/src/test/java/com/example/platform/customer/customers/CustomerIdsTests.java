package com.example.platform.customer.customers;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerIdsTests {

	@Test
	void acceptsTheCanonicalFormInEitherCase() {
		UUID id = UUID.randomUUID();

		assertThat(CustomerIds.parse(id.toString())).contains(id);
		assertThat(CustomerIds.parse(id.toString().toUpperCase())).contains(id);
	}

	@Test
	void rejectsShortFormsThatUuidFromStringAccepts() {
		assertThat(CustomerIds.parse("1-2-3-4-5")).isEmpty();
		assertThat(CustomerIds.parse("")).isEmpty();
		assertThat(CustomerIds.parse(null)).isEmpty();
		assertThat(CustomerIds.parse(UUID.randomUUID() + " ")).isEmpty();
	}

}
