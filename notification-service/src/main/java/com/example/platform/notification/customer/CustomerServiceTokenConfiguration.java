package com.example.platform.notification.customer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

/**
 * notification-service's own identity towards customer-service: an OAuth2 client-credentials token of client
 * {@value #REGISTRATION_ID} with scope {@code customers.read.all} (it reads the contact details of any customer an
 * event names, outside any user request). Registered in {@code spring.security.oauth2.client.*}; the token is
 * fetched once, cached until it expires, and dropped when customer-service refuses it (401/403). The manager that
 * fetches it on the listener's thread is the platform starter's (PlatformServiceIdentityAutoConfiguration).
 */
@Configuration(proxyBeanMethods = false)
class CustomerServiceTokenConfiguration {

	/** The client registration ({@code spring.security.oauth2.client.registration.<id>}). */
	static final String REGISTRATION_ID = "notification-service";

	/** Kafka listener threads have no user: the service itself is the principal its tokens are cached for. */
	private static final Authentication SERVICE = new AnonymousAuthenticationToken(REGISTRATION_ID, REGISTRATION_ID,
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	/** Adds {@code Authorization: Bearer <token>} to every call of {@link CustomerServiceApi} (its group's configurer). */
	@Bean
	OAuth2ClientHttpRequestInterceptor customerServiceTokenInterceptor(OAuth2AuthorizedClientManager manager,
			OAuth2AuthorizedClientService authorizedClients) {
		return tokenInterceptor(manager, authorizedClients);
	}

	static OAuth2ClientHttpRequestInterceptor tokenInterceptor(OAuth2AuthorizedClientManager manager,
			OAuth2AuthorizedClientService authorizedClients) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
		interceptor.setClientRegistrationIdResolver((request) -> REGISTRATION_ID);
		interceptor.setPrincipalResolver((request) -> SERVICE);
		// A token customer-service refuses (e.g. the issuer's key changed) is forgotten: the retry fetches a new one
		interceptor.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
		return interceptor;
	}

}
