package com.example.platform.notification.customer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The client of customer-service: {@link CustomerServiceApi} in the HTTP service group {@value #GROUP}, configured by
 * Boot ({@code spring.http.serviceclient.customer-service.base-url}, {@code connect-timeout}, {@code read-timeout}:
 * the one timeout of this downstream), observed, passing the request's budget on, and with the platform's circuit
 * breaker, bulkhead and budgeted retries of the downstream {@value #GROUP} (the starter adds them by group name).
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = CustomerServiceClientConfiguration.GROUP, types = CustomerServiceApi.class)
class CustomerServiceClientConfiguration {

	static final String GROUP = "customer-service";

	/**
	 * Sends this service's own token with every call of the group. Outermost: a failure to get a token is not a failure
	 * of customer-service (its breaker does not count it), and retries reuse the token.
	 */
	@Bean
	RestClientHttpServiceGroupConfigurer customerServiceTokenGroupConfigurer(OAuth2ClientHttpRequestInterceptor token) {
		return (groups) -> groups.filterByName(GROUP)
			.forEachClient((group, builder) -> builder.requestInterceptors((interceptors) -> interceptors.add(0, token)));
	}

}
