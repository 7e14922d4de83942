package com.example.platform.notification.customer;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.example.platform.notification.FakeCustomerService;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.core.ResolvableType;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Against a fake customer-service over real HTTP: every failure throws, the read timeout holds. */
class CustomerClientTests {

	private static final FakeCustomerService customerService = FakeCustomerService.start();

	// No ClientHttpRequestFactoryBuilder bean here: the client falls back to detecting one
	private final CustomerClient client = new CustomerClient(RestClient.builder(),
			new CustomerServiceProperties(URI.create(customerService.baseUrl()), Duration.ofSeconds(1),
					Duration.ofSeconds(1)),
			new DefaultListableBeanFactory().getBeanProvider(ResolvableType.forClass(ClientHttpRequestFactoryBuilder.class)));

	@AfterAll
	static void stop() {
		customerService.close();
	}

	@Test
	void readsTheContactDetails() {
		UUID id = customerService.addCustomer("linus");

		assertThat(this.client.contact(id)).isEqualTo(new CustomerContact(id, "linus", "linus@example.com"));
	}

	@Test
	void anUnknownCustomerThrows() {
		UUID id = UUID.randomUUID();

		assertThatExceptionOfType(UnknownCustomerException.class).isThrownBy(() -> this.client.contact(id))
			.withMessageContaining(id.toString());
	}

	@Test
	void aServerErrorThrows() {
		UUID id = customerService.addCustomer("ken");
		customerService.failNext(id, 1);

		assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> this.client.contact(id))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503));
	}

	@Test
	void aSlowAnswerTimesOut() {
		UUID id = customerService.addCustomer("dennis");
		customerService.delay(id, Duration.ofSeconds(3));

		long start = System.nanoTime();
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> this.client.contact(id));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
	}

}
