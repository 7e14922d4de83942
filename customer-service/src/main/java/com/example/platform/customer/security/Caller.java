package com.example.platform.customer.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, from its validated access token: the subject owns the customers it creates; a caller with scope
 * {@value #READ_ANY_CUSTOMER} (a machine client such as notification-service) may read every customer; a caller with
 * scope {@value #RELEASE_ANY_CREDIT} (order-service's own client) may release the credit of every customer.
 *
 * @param subject the token's {@code sub}
 * @param scopes the token's scopes
 */
public record Caller(String subject, Set<String> scopes) {

	/** Read any customer, whoever owns it. Granted to machine clients only (auth-server's registrations). */
	public static final String READ_ANY_CUSTOMER = "customers.read.all";

	/**
	 * Release the credit held for an order of any customer, whoever owns it (gRPC ReleaseCredit only: no reads, no
	 * reservations). Granted to order-service's own client only, which compensates reservations it gave up on.
	 */
	public static final String RELEASE_ANY_CREDIT = "credit.release.all";

	private static final String SCOPE_PREFIX = "SCOPE_";

	public Caller {
		scopes = Set.copyOf(scopes);
	}

	/**
	 * The caller of a request or gRPC call, from its authentication: the subject (the starter's token validation
	 * refuses a token without one) and the scopes Spring Security mapped to {@code SCOPE_} authorities (from a
	 * {@code scope} claim as a JSON array or a space-separated string).
	 */
	public static Caller of(JwtAuthenticationToken authentication) {
		Set<String> scopes = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(SCOPE_PREFIX))
			.map((authority) -> authority.substring(SCOPE_PREFIX.length()))
			// Spring splits a space-separated scope claim on single spaces: a double space gives an empty one
			.filter((scope) -> !scope.isEmpty())
			.collect(Collectors.toSet());
		return new Caller(authentication.getToken().getSubject(), scopes);
	}

	/** The caller of the current request or gRPC call (the platform starter sets it for both). */
	public static Optional<Caller> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof JwtAuthenticationToken token) ? Optional.of(of(token)) : Optional.empty();
	}

	public boolean readsAnyCustomer() {
		return this.scopes.contains(READ_ANY_CUSTOMER);
	}

	public boolean releasesAnyCredit() {
		return this.scopes.contains(RELEASE_ANY_CREDIT);
	}

	/** Whether this caller may read something owned by {@code owner} (null: owned by nobody). */
	public boolean mayRead(String owner) {
		return owns(owner) || readsAnyCustomer();
	}

	/** Whether this caller owns something owned by {@code owner} (null: owned by nobody). */
	public boolean owns(String owner) {
		return this.subject.equals(owner);
	}

}
