package com.example.platform.customer.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTests {

	@Test
	void readsTheSubjectAndScopesAsAJsonArrayOrASpaceSeparatedString() {
		Caller array = Caller.of(token("alice", List.of("customers.read", "customers.write")));
		Caller string = Caller.of(token("alice", "customers.read  customers.read.all"));

		assertThat(array.subject()).isEqualTo("alice");
		assertThat(array.scopes()).containsExactlyInAnyOrder("customers.read", "customers.write");
		assertThat(array.readsAnyCustomer()).isFalse();
		assertThat(string.scopes()).containsExactlyInAnyOrder("customers.read", "customers.read.all");
		assertThat(string.readsAnyCustomer()).isTrue();
	}

	@Test
	void aCallerOwnsWhatItsSubjectOwnsAndNobodyOwnsWhatHasNoOwner() {
		Caller alice = Caller.of(token("alice", List.of("customers.read")));
		Caller reader = Caller.of(token("notification-service", List.of("customers.read.all")));

		assertThat(alice.owns("alice")).isTrue();
		assertThat(alice.mayRead("alice")).isTrue();
		assertThat(alice.mayRead("bob")).isFalse();
		assertThat(alice.mayRead(null)).isFalse();
		assertThat(reader.owns("alice")).isFalse();
		assertThat(reader.mayRead("alice")).isTrue();
		assertThat(reader.mayRead(null)).isTrue();
	}

	@Test
	void onlyReleaseAllReleasesAnyCredit() {
		assertThat(Caller.of(token("order-service", List.of("credit.release.all"))).releasesAnyCredit()).isTrue();
		assertThat(Caller.of(token("order-service", "orders.write credit.release.all")).releasesAnyCredit()).isTrue();
		assertThat(Caller.of(token("notification-service", List.of("customers.read.all"))).releasesAnyCredit())
			.isFalse();
		assertThat(Caller.of(token("alice", List.of("orders.write"))).releasesAnyCredit()).isFalse();
	}

	// As the resource server authenticates a token: Spring Security's own claim-to-authority mapping
	private static JwtAuthenticationToken token(String subject, Object scope) {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).claim("scope", scope)
			.issuedAt(Instant.now()).build();
		return (JwtAuthenticationToken) new JwtAuthenticationConverter().convert(jwt);
	}

}
