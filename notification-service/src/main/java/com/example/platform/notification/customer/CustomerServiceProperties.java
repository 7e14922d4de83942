package com.example.platform.notification.customer;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how patiently to call customer-service.
 *
 * @param baseUrl the service's base URL ({@code CUSTOMER_SERVICE_URL})
 * @param connectTimeout time limit to open a connection (the time limit of the whole call is customer-service's,
 * {@code resilience4j.timelimiter.instances.customer-service}, default 2 s)
 */
@ConfigurationProperties("platform.notification.customer-service")
record CustomerServiceProperties(@DefaultValue("http://127.0.0.1:8081") URI baseUrl,
		@DefaultValue("1s") Duration connectTimeout) {
}
