package com.example.platform.notification.customer;

import java.time.Duration;
import java.util.UUID;

import com.example.platform.starter.resilience.DownstreamResilience;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reads a customer's contact details from customer-service ({@code GET /api/customers/{id}}), with this service's own
 * client-credentials token (scope customers.read.all: any customer, whoever owns it; see
 * {@link CustomerServiceTokenConfiguration}). Every failure throws: unknown customer, 5xx, timeout, no token or an
 * unusable answer.
 */
@Component
public class CustomerClient {

	private final RestClient restClient;

	/**
	 * Built from Boot's RestClient.Builder so calls are observed (the trace context propagates), with a time limit: a
	 * hanging customer-service must not stall the Kafka consumer. Without the platform's resilience (tests).
	 */
	CustomerClient(RestClient.Builder builder, CustomerServiceProperties properties,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder, Duration timeout,
			@Nullable ClientHttpRequestInterceptor token) {
		this(builder, properties, requestFactoryBuilder, null, timeout, token);
	}

	/**
	 * With the platform's resilience for the downstream {@code customer-service} (circuit breaker, bulkhead,
	 * budgeted retries of this GET, time limit capped by the request's budget; see docs/resilience.md).
	 */
	@Autowired
	CustomerClient(RestClient.Builder builder, CustomerServiceProperties properties,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			DownstreamResilience resilience, OAuth2ClientHttpRequestInterceptor token) {
		// The socket's read timeout is the downstream's one time limit too: the connection is given up with the call
		this(builder, properties, requestFactoryBuilder, resilience, resilience.downstream("customer-service").timeout(),
				token);
	}

	private CustomerClient(RestClient.Builder builder, CustomerServiceProperties properties,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			@Nullable DownstreamResilience resilience, Duration timeout, @Nullable ClientHttpRequestInterceptor token) {
		HttpClientSettings settings = HttpClientSettings.defaults().withTimeouts(properties.connectTimeout(), timeout);
		builder.baseUrl(properties.baseUrl().toString())
			.requestFactory(requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect).build(settings));
		// Outermost: a failure to get a token is not a failure of customer-service (its breaker does not count it)
		if (token != null) {
			builder.requestInterceptor(token);
		}
		if (resilience != null) {
			builder.requestInterceptor(resilience.restInterceptor("customer-service"));
		}
		this.restClient = builder.build();
	}

	public CustomerContact contact(UUID customerId) {
		CustomerContact contact = this.restClient.get()
			.uri("/api/customers/{id}", customerId)
			.retrieve()
			.onStatus((status) -> status.isSameCodeAs(HttpStatus.NOT_FOUND), (request, response) -> {
				throw new UnknownCustomerException(customerId);
			})
			.body(CustomerContact.class);
		if (contact == null || contact.email() == null || contact.email().isBlank()) {
			throw new IllegalStateException("customer-service returned no email for customer " + customerId);
		}
		return contact;
	}

}
