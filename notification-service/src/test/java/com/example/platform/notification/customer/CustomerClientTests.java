package com.example.platform.notification.customer;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.example.platform.notification.FakeCustomerService;
import com.example.platform.test.security.TestIssuer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Against a fake customer-service over real HTTP: every failure throws, the read timeout holds. */
class CustomerClientTests {

	private static final FakeCustomerService customerService = FakeCustomerService.start();

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	// Without the platform's resilience: what CustomerClient itself does over real HTTP
	private final CustomerClient client = new CustomerClient(customerService(customerService, null));

	@AfterAll
	static void stop() {
		customerService.close();
	}

	/** The interface's client as its group has it: base URL, 1 s to connect, {@link #TIMEOUT} to read. */
	private static CustomerServiceApi customerService(FakeCustomerService customerService,
			@Nullable ClientHttpRequestInterceptor token) {
		RestClient.Builder builder = RestClient.builder()
			.baseUrl(customerService.baseUrl())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.build(HttpClientSettings.defaults().withTimeouts(Duration.ofSeconds(1), TIMEOUT)));
		if (token != null) {
			builder.requestInterceptor(token);
		}
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(builder.build()))
			.build()
			.createClient(CustomerServiceApi.class);
	}

	@Test
	void readsTheContactDetails() {
		UUID id = customerService.addCustomer("linus");

		assertThat(this.client.contact(id)).isEqualTo(new CustomerContact(id, "linus", "linus@example.com"));
	}

	@Test
	void anUnknownCustomerThrows() {
		UUID id = UUID.randomUUID();

		assertThatExceptionOfType(UnknownCustomerException.class).isThrownBy(() -> this.client.contact(id))
			.withMessageContaining(id.toString());
	}

	@Test
	void aServerErrorThrows() {
		UUID id = customerService.addCustomer("ken");
		customerService.failNext(id, 1);

		assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(() -> this.client.contact(id))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503));
	}

	@Test
	void sendsItsOwnClientCredentialsTokenAndFetchesANewOneWhenCustomerServiceRefusesIt() {
		try (FakeCustomerService securedCustomerService = FakeCustomerService.start()) {
			ClientRegistration registration = ClientRegistration
				.withRegistrationId(CustomerServiceTokenConfiguration.REGISTRATION_ID)
				.clientId("notification-service")
				.clientSecret("secret")
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("customers.read.all")
				.tokenUri(TestIssuer.shared().tokenUri())
				.build();
			InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
			InMemoryOAuth2AuthorizedClientService authorizedClients = new InMemoryOAuth2AuthorizedClientService(
					registrations);
			CustomerServiceTokenConfiguration configuration = new CustomerServiceTokenConfiguration();
			CustomerClient secured = new CustomerClient(customerService(securedCustomerService,
					configuration.customerServiceTokenInterceptor(
							new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients),
							authorizedClients)));
			JwtDecoder issuer = NimbusJwtDecoder.withJwkSetUri(TestIssuer.shared().jwkSetUri()).build();
			UUID id = securedCustomerService.addCustomer("grace");

			assertThat(secured.contact(id).email()).isEqualTo("grace@example.com");
			String first = securedCustomerService.authorization(id);
			assertThat(first).startsWith("Bearer ");
			Jwt token = issuer.decode(first.substring(7));
			assertThat(token.getSubject()).isEqualTo("notification-service");
			assertThat(token.getClaimAsStringList("scope")).containsExactly("customers.read.all");
			// Cached: the next lookup sends the same token
			secured.contact(id);
			assertThat(securedCustomerService.authorization(id)).isEqualTo(first);

			// customer-service no longer accepts it (e.g. the issuer's keys changed): 401, and the token is dropped
			securedCustomerService.requireBearer((value) -> !value.equals(first.substring(7)));
			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
				.isThrownBy(() -> secured.contact(id));
			assertThat(secured.contact(id).email()).isEqualTo("grace@example.com");
			assertThat(securedCustomerService.authorization(id)).isNotEqualTo(first);
		}
	}

	@Test
	void aSlowAnswerTimesOut() {
		UUID id = customerService.addCustomer("dennis");
		customerService.delay(id, Duration.ofSeconds(3));

		long start = System.nanoTime();
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> this.client.contact(id));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
	}

}
