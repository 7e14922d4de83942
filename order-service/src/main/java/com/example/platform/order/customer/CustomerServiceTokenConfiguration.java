package com.example.platform.order.customer;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

import com.example.platform.starter.resilience.DownstreamResilience;

/**
 * order-service's own identity towards customer-service, as notification-service has one: an OAuth2
 * client-credentials token of client {@value CustomerServiceToken#REGISTRATION_ID} with scope
 * {@code credit.release.all} (it releases the credit of any customer an order it gave up on names, from a background
 * thread where the user's token is gone or expired). Registered in {@code spring.security.oauth2.client.*}.
 */
@Configuration(proxyBeanMethods = false)
class CustomerServiceTokenConfiguration {

	/**
	 * Works outside HTTP requests (the relay's thread), unlike the request-bound default manager. The token endpoint
	 * is called with the issuer's time limit ({@code auth-server}'s, resilience4j.timelimiter): a hanging issuer fails
	 * the attempt (retried later) instead of stalling the relay.
	 */
	@Bean
	OAuth2AuthorizedClientManager customerServiceAuthorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, DownstreamResilience resilience) {
		Duration timeout = resilience.downstream("auth-server").timeout();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).build());
		requestFactory.setReadTimeout(timeout);
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(RestClient.builder()
			.requestFactory(requestFactory)
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

	@Bean
	CustomerServiceToken customerServiceToken(OAuth2AuthorizedClientManager manager,
			OAuth2AuthorizedClientService authorizedClients) {
		return new CustomerServiceToken(manager, authorizedClients);
	}

}
