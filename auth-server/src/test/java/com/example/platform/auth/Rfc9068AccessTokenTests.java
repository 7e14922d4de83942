package com.example.platform.auth;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * auth-server's access tokens are RFC 9068 JWT access tokens: a resource server in any stack that validates by the
 * standard accepts them. Checked here with a JOSE library alone (nimbus-jose-jwt's {@link DefaultJWTProcessor}),
 * not Spring Security: {@code typ} at+jwt, RS256 with a key from the published JWKS, the issuer, the audience and
 * every claim RFC 9068 2.2 requires.
 */
class Rfc9068AccessTokenTests extends BrowserTestSupport {

	@Test
	void aClientCredentialsTokenPassesAStandardValidatorOutsideSpring() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Authorization", basic("platform-cli", CLI_SECRET))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(form(Map.of("grant_type", "client_credentials", "scope", "orders.read orders.write")))
			.build());
		assertThat(response.statusCode()).isEqualTo(200);

		JWTClaimsSet claims = rfc9068Processor().process(parse(response.body()).get("access_token").asString(), null);

		assertThat(claims.getSubject()).isEqualTo("platform-cli");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("platform-cli");
		// RFC 9068 2.2.3: a space-separated string
		assertThat(claims.getClaim("scope")).isInstanceOf(String.class);
		assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("orders.read", "orders.write");
		assertThat(claims.getAudience()).containsExactly("platform-api");
	}

	@Test
	void theDemoUsersTokenPassesItTooAndWorksAtUserinfo() throws Exception {
		String verifier = randomUrlSafe(32);
		JsonNode tokens = parse(exchange(loginAndAuthorize(s256(verifier)), verifier).body());
		String accessToken = tokens.get("access_token").asString();

		JWTClaimsSet claims = rfc9068Processor().process(accessToken, null);
		assertThat(claims.getSubject()).isEqualTo("demo");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("platform-web");
		assertThat(claims.getStringClaim("scope").split(" ")).contains("openid", "orders.read", "orders.write");

		// auth-server's own resource (userinfo) accepts its at+jwt tokens
		HttpResponse<String> userinfo = send(HttpRequest.newBuilder(URI.create(ISSUER + "/userinfo"))
			.header("Authorization", "Bearer " + accessToken)
			.GET()
			.build());
		assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
		assertThat(parse(userinfo.body()).get("sub").asString()).isEqualTo("demo");

		// the check is real: the ID token of the same login (typ JWT, aud platform-web) is no access token
		assertThatExceptionOfType(BadJOSEException.class)
			.isThrownBy(() -> rfc9068Processor().process(tokens.get("id_token").asString(), null));
	}

	/** A validator of RFC 9068 access tokens for the platform's API, built from nimbus-jose-jwt alone. */
	static DefaultJWTProcessor<SecurityContext> rfc9068Processor() throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
				new JOSEObjectType("application/at+jwt")));
		JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(ISSUER + "/oauth2/jwks")).build();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
		processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("platform-api",
				new JWTClaimsSet.Builder().issuer(ISSUER).build(),
				Set.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti")));
		return processor;
	}

}
