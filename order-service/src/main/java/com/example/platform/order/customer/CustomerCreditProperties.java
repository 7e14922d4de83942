package com.example.platform.order.customer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the calls to customer-service.
 *
 * @param customerCreditTimeout deadline of every credit call (reserve and release)
 * @param serviceTokenTimeout connect and read time limit of a call to the issuer's token endpoint, for this service's
 * own token (compensating releases)
 */
@ConfigurationProperties("platform.order")
record CustomerCreditProperties(@DefaultValue("2s") Duration customerCreditTimeout,
		@DefaultValue("2s") Duration serviceTokenTimeout) {
}
