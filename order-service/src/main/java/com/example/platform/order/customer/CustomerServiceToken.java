package com.example.platform.order.customer;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * order-service's own access token for customer-service: client credentials of registration
 * {@value #REGISTRATION_ID} (scope {@code credit.release.all}), fetched from the issuer on first use, cached until it
 * expires (Spring Security's client-credentials provider renews it a minute before), and forgotten when
 * customer-service refuses it. Used only where no user token exists: the compensating ReleaseCredit calls.
 */
class CustomerServiceToken {

	/** The client registration ({@code spring.security.oauth2.client.registration.<id>}). */
	static final String REGISTRATION_ID = "order-service";

	/** Background threads have no user: the service itself is the principal its token is cached for. */
	private static final Authentication SERVICE = new AnonymousAuthenticationToken(REGISTRATION_ID, REGISTRATION_ID,
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final OAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizedClientService authorizedClients;

	CustomerServiceToken(OAuth2AuthorizedClientManager manager, OAuth2AuthorizedClientService authorizedClients) {
		this.manager = manager;
		this.authorizedClients = authorizedClients;
	}

	/**
	 * The current token's value, fetched when none is cached or it is about to expire.
	 * @throws RuntimeException when the issuer cannot be reached or refuses (OAuth2AuthorizationException)
	 */
	String value() {
		OAuth2AuthorizedClient client = this.manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID).principal(SERVICE).build());
		if (client == null) {
			throw new IllegalStateException("No access token for client registration " + REGISTRATION_ID);
		}
		return client.getAccessToken().getTokenValue();
	}

	/** customer-service refused the token (e.g. the issuer's key changed): the next call fetches a new one. */
	void refused() {
		this.authorizedClients.removeAuthorizedClient(REGISTRATION_ID, SERVICE.getName());
	}

}
