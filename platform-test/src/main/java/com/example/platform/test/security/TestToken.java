package com.example.platform.test.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * One access token of a {@link TestIssuer}, shaped like auth-server's (RS256, {@code scope} as a JSON array,
 * {@code aud} platform-api, five minutes); each method breaks or changes one thing.
 */
public final class TestToken {

	private final TestIssuer issuer;

	private final String subject;

	private final List<String> scopes = new ArrayList<>();

	private final Map<String, Object> extraClaims = new LinkedHashMap<>();

	private String tokenIssuer;

	private String audience = TestIssuer.AUDIENCE;

	private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));

	private boolean forged;

	TestToken(TestIssuer issuer, String subject) {
		this.issuer = issuer;
		this.subject = subject;
		this.tokenIssuer = issuer.issuerUri();
	}

	public TestToken scopes(String... scopes) {
		this.scopes.addAll(List.of(scopes));
		return this;
	}

	public TestToken audience(String audience) {
		this.audience = audience;
		return this;
	}

	public TestToken issuer(String issuer) {
		this.tokenIssuer = issuer;
		return this;
	}

	/** Expired this long ago (beyond the default 60 s clock-skew allowance when longer than that). */
	public TestToken expiredAgo(Duration ago) {
		this.expiresAt = Instant.now().minus(ago);
		return this;
	}

	/** Signed with a different private key under the issuer's key id: the signature does not verify. */
	public TestToken forged() {
		this.forged = true;
		return this;
	}

	public TestToken claim(String name, Object value) {
		this.extraClaims.put(name, value);
		return this;
	}

	/** The compact JWS. */
	public String value() {
		Instant issuedAt = this.expiresAt.minus(Duration.ofMinutes(5));
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(this.subject)
			.issuer(this.tokenIssuer)
			.audience(this.audience)
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(Date.from(this.expiresAt))
			.jwtID(UUID.randomUUID().toString())
			.claim("scope", List.copyOf(this.scopes));
		this.extraClaims.forEach(claims::claim);
		RSAKey key = this.forged ? this.issuer.forgedKey() : this.issuer.signingKey();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims.build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign a test token", ex);
		}
		return jwt.serialize();
	}

	/** {@code Bearer <token>}, for an Authorization header. */
	public String bearer() {
		return "Bearer " + value();
	}

}
