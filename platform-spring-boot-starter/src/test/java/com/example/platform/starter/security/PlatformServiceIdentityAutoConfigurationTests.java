package com.example.platform.starter.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import com.example.platform.test.security.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformServiceIdentityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class,
				PlatformServiceIdentityAutoConfiguration.class));

	@Test
	void aServiceWithAClientRegistrationGetsAManagerThatFetchesItsTokenOnAnyThread() {
		this.contextRunner
			.withPropertyValues("spring.security.oauth2.client.registration.billing.client-id=billing",
					"spring.security.oauth2.client.registration.billing.client-secret=secret",
					"spring.security.oauth2.client.registration.billing.authorization-grant-type=client_credentials",
					"spring.security.oauth2.client.registration.billing.scope=customers.read.all",
					"spring.security.oauth2.client.registration.billing.provider=issuer",
					"spring.security.oauth2.client.provider.issuer.token-uri=" + TestIssuer.shared().tokenUri())
			.run((context) -> {
				assertThat(context).hasSingleBean(OAuth2AuthorizedClientManager.class);
				OAuth2AuthorizedClientManager manager = context.getBean(OAuth2AuthorizedClientManager.class);
				assertThat(manager).isInstanceOf(AuthorizedClientServiceOAuth2AuthorizedClientManager.class);
				// Outside any request, as on a listener's thread: the token comes from the issuer, then from the cache
				String token = tokenOf(manager, "billing");
				assertThat(token).isNotBlank();
				assertThat(tokenOf(manager, "billing")).isEqualTo(token);
				OAuth2AuthorizedClient cached = context.getBean(OAuth2AuthorizedClientService.class)
					.loadAuthorizedClient("billing", "billing");
				assertThat(cached.getAccessToken().getTokenValue()).isEqualTo(token);
			});
	}

	@Test
	void withoutClientRegistrationsThereIsNone() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ClientRegistrationRepository.class);
			assertThat(context).doesNotHaveBean(OAuth2AuthorizedClientManager.class);
		});
	}

	@Test
	void theServicesOwnManagerWins() {
		this.contextRunner
			.withPropertyValues("spring.security.oauth2.client.registration.billing.client-id=billing",
					"spring.security.oauth2.client.registration.billing.authorization-grant-type=client_credentials",
					"spring.security.oauth2.client.registration.billing.provider=issuer",
					"spring.security.oauth2.client.provider.issuer.token-uri=" + TestIssuer.shared().tokenUri())
			.withUserConfiguration(OwnManager.class)
			.run((context) -> assertThat(context.getBean(OAuth2AuthorizedClientManager.class))
				.isSameAs(OwnManager.MANAGER));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnManager {

		static final OAuth2AuthorizedClientManager MANAGER = (request) -> null;

		@Bean
		OAuth2AuthorizedClientManager ownManager() {
			return MANAGER;
		}

	}

	/** A client-credentials token of a registration, with the service itself as principal. */
	private static String tokenOf(OAuth2AuthorizedClientManager manager, String registrationId) {
		OAuth2AuthorizedClient client = manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registrationId).principal(registrationId).build());
		assertThat(client).isNotNull();
		return client.getAccessToken().getTokenValue();
	}

}
