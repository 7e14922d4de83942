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
 * One access token of a {@link TestIssuer}: RS256, {@code typ} JWT, {@code scope} as a JSON array, {@code aud}
 * platform-api, five minutes. Each method breaks or changes one thing; {@link #rfc9068()} gives the shape
 * auth-server issues (RFC 9068: {@code typ} at+jwt, {@code client_id}, {@code scope} a space-separated string).
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

	private String type = JOSEObjectType.JWT.getType();

	private List<String> audiences;

	/** Claim that carries the scopes ({@code scope}, or {@code scp} as some providers name it). */
	private String scopeClaim = "scope";

	private boolean scopeAsString;

	private Duration lifetime = Duration.ofMinutes(5);

	private boolean withoutExpiry;

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

	/** Several audiences, as a JSON array (providers that address a token to more than one API). */
	public TestToken audiences(String... audiences) {
		this.audiences = List.of(audiences);
		return this;
	}

	/** The header's {@code typ} ({@code JWT} by default); null leaves it out. */
	public TestToken type(String type) {
		this.type = type;
		return this;
	}

	/** The scopes in {@code scp} instead of {@code scope} (Entra ID, Okta and others). */
	public TestToken scopesIn(String claim) {
		this.scopeClaim = claim;
		return this;
	}

	/** The scopes as one space-separated string (RFC 9068 2.2.3, RFC 8693 4.2) instead of a JSON array. */
	public TestToken scopesAsString() {
		this.scopeAsString = true;
		return this;
	}

	/**
	 * RFC 9068's JWT access token profile, as auth-server issues it: {@code typ} at+jwt, {@code client_id}, the
	 * scopes as a space-separated string (plus {@code iss}, {@code exp}, {@code aud}, {@code sub}, {@code iat},
	 * {@code jti}, which every token here has).
	 */
	public TestToken rfc9068(String clientId) {
		return type("at+jwt").scopesAsString().claim("client_id", clientId);
	}

	/** Issued now, valid for this long (the default is five minutes). */
	public TestToken lifetime(Duration lifetime) {
		this.lifetime = lifetime;
		this.expiresAt = Instant.now().plus(lifetime);
		return this;
	}

	/** No {@code exp} claim at all. */
	public TestToken withoutExpiry() {
		this.withoutExpiry = true;
		return this;
	}

	public TestToken issuer(String issuer) {
		this.tokenIssuer = issuer;
		return this;
	}

	/** Expired this long ago (beyond the default 60 s clock-skew allowance when longer than that). */
	public TestToken expiredAgo(Duration ago) {
		this.lifetime = Duration.ofMinutes(5);
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
		Instant issuedAt = this.expiresAt.minus(this.lifetime);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(this.subject)
			.issuer(this.tokenIssuer)
			.audience((this.audiences != null) ? this.audiences : List.of(this.audience))
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(this.withoutExpiry ? null : Date.from(this.expiresAt))
			.jwtID(UUID.randomUUID().toString())
			.claim(this.scopeClaim, this.scopeAsString ? String.join(" ", this.scopes) : List.copyOf(this.scopes));
		this.extraClaims.forEach(claims::claim);
		RSAKey key = this.forged ? this.issuer.forgedKey() : this.issuer.signingKey();
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
		if (this.type != null) {
			header.type(new JOSEObjectType(this.type));
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims.build());
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
