package com.example.platform.customer.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ResponseStatusException;

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

	public Caller {
		scopes = Set.copyOf(scopes);
	}

	/** @throws ResponseStatusException 401 when the token names no subject (auth-server's always do) */
	public static Caller of(Jwt token) {
		if (!hasSubject(token)) {
			throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The bearer token names no subject.");
		}
		Set<String> scopes = new LinkedHashSet<>();
		addScopes(scopes, token.getClaims().get("scope"));
		addScopes(scopes, token.getClaims().get("scp"));
		return new Caller(token.getSubject(), scopes);
	}

	/** The caller of the current request or gRPC call (the platform starter sets it for both). */
	public static Optional<Caller> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token && hasSubject(token.getToken())) {
			return Optional.of(of(token.getToken()));
		}
		return Optional.empty();
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

	private static boolean hasSubject(Jwt token) {
		return token.getSubject() != null && !token.getSubject().isBlank();
	}

	// "scope" is a JSON array in auth-server's tokens, a space-separated string in RFC 8693/9068 style tokens
	private static void addScopes(Set<String> scopes, Object claim) {
		if (claim instanceof String value) {
			for (String scope : value.trim().split("\\s+")) {
				if (!scope.isEmpty()) {
					scopes.add(scope);
				}
			}
		}
		else if (claim instanceof Collection<?> values) {
			values.forEach((value) -> scopes.add(String.valueOf(value)));
		}
	}

}
