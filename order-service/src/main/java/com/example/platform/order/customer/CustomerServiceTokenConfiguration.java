package com.example.platform.order.customer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * order-service's own identity towards customer-service, as notification-service has one: an OAuth2
 * client-credentials token of client {@value CustomerServiceToken#REGISTRATION_ID} with scope
 * {@code credit.release.all} (it releases the credit of any customer an order it gave up on names, from a background
 * thread where the user's token is gone or expired). Registered in {@code spring.security.oauth2.client.*}; the
 * manager that fetches it on any thread is the platform starter's (PlatformServiceIdentityAutoConfiguration).
 */
@Configuration(proxyBeanMethods = false)
class CustomerServiceTokenConfiguration {

	@Bean
	CustomerServiceToken customerServiceToken(OAuth2AuthorizedClientManager manager,
			OAuth2AuthorizedClientService authorizedClients) {
		return new CustomerServiceToken(manager, authorizedClients);
	}

}
