package com.example.platform.notification.customer;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

import com.example.platform.starter.resilience.DownstreamResilience;

/**
 * notification-service's own identity towards customer-service: an OAuth2 client-credentials token of client
 * {@value #REGISTRATION_ID} with scope {@code customers.read.all} (it reads the contact details of any customer an
 * event names, outside any user request). Registered in {@code spring.security.oauth2.client.*}; the token is
 * fetched once, cached until it expires, and dropped when customer-service refuses it (401/403).
 */
@Configuration(proxyBeanMethods = false)
class CustomerServiceTokenConfiguration {

	/** The client registration ({@code spring.security.oauth2.client.registration.<id>}). */
	static final String REGISTRATION_ID = "notification-service";

	/** Kafka listener threads have no user: the service itself is the principal its tokens are cached for. */
	private static final Authentication SERVICE = new AnonymousAuthenticationToken(REGISTRATION_ID, REGISTRATION_ID,
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	/**
	 * Works outside HTTP requests (the Kafka listener), unlike the request-bound default manager. The token endpoint
	 * is called with the issuer's one timeout ({@code auth-server}'s, resilience4j.timelimiter) for connecting and
	 * reading alike: a hanging issuer fails the lookup (retried by the Kafka error handler) instead of stalling the
	 * consumer. (customer-service's timeouts are its group's, spring.http.serviceclient.customer-service.)
	 */
	@Bean
	OAuth2AuthorizedClientManager customerServiceAuthorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, DownstreamResilience resilience) {
		return authorizedClientManager(registrations, authorizedClients, resilience.downstream("auth-server").timeout());
	}

	static OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, Duration timeout) {
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.detect()
				.build(HttpClientSettings.defaults().withTimeouts(timeout, timeout)))
			.messageConverters(List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((clientCredentials) -> clientCredentials.accessTokenResponseClient(tokenClient))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(provider);
		return manager;
	}

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
