package com.example.platform.notification.customer;

import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

/**
 * The part of customer-service's REST API this service calls. Its client is the HTTP service group
 * {@value CustomerServiceClientConfiguration#GROUP}: base URL and timeouts in
 * {@code spring.http.serviceclient.customer-service.*}, the platform's resilience of the downstream of that name.
 */
interface CustomerServiceApi {

	@GetExchange("/api/customers/{id}")
	CustomerContact customer(@PathVariable UUID id);

}
