package com.example.platform.starter.security;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * A service's own identity for calls it makes outside any user request (a Kafka listener, a relay thread): OAuth2
 * client credentials of the registrations in {@code spring.security.oauth2.client.registration.*}, fetched once and
 * cached until they expire. Spring Security's default manager is bound to an HTTP request; this one works on any
 * thread. The token endpoint is called with Boot's HTTP client settings ({@code spring.http.clients.*}: a hanging
 * issuer fails the call instead of stalling the caller). Declare your own {@link OAuth2AuthorizedClientManager} to
 * replace it.
 */
@AutoConfiguration(after = OAuth2ClientAutoConfiguration.class)
@ConditionalOnClass(AuthorizedClientServiceOAuth2AuthorizedClientManager.class)
@ConditionalOnBean({ ClientRegistrationRepository.class, OAuth2AuthorizedClientService.class })
public class PlatformServiceIdentityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OAuth2AuthorizedClientManager platformServiceAuthorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, ObjectProvider<ClientHttpRequestFactory> requestFactory) {
		RestClient.Builder tokenEndpoint = RestClient.builder()
			.messageConverters(List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler());
		requestFactory.ifUnique(tokenEndpoint::requestFactory);
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(tokenEndpoint.build());
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((clientCredentials) -> clientCredentials.accessTokenResponseClient(tokenClient))
			.build());
		return manager;
	}

}
