package com.example.platform.starter.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's resource-server chain on a real server, validating real tokens against a JWKS served over HTTP:
 * each broken token is refused with a 401 problem, a missing scope with a 403 problem, and neither says why.
 */
// No broker here, though spring-kafka is on the starter's test class path: its health (part of readiness) is off
@SpringBootTest(classes = ServletSecurityTests.TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.tracing.export.enabled=false",
				"management.health.kafka.enabled=false",
				"platform.security.rules[0].methods=GET", "platform.security.rules[0].paths=/things,/things/**",
				"platform.security.rules[0].scope=things.read", "platform.security.rules[1].paths=/things,/things/**",
				"platform.security.rules[1].scope=things.write", "platform.security.rules[2].methods=GET",
				"platform.security.rules[2].paths=/catalog", "platform.security.rules[2].permit-all=true" })
@UseTestIssuer
class ServletSecurityTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final TestIssuer issuer = TestIssuer.shared();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void everyBrokenTokenIsA401ProblemThatDoesNotSayWhy() throws Exception {
		Map<String, String> broken = new LinkedHashMap<>();
		broken.put("expired", issuer.token("alice").scopes("things.read").expiredAgo(Duration.ofMinutes(5)).bearer());
		broken.put("forged signature", issuer.token("alice").scopes("things.read").forged().bearer());
		broken.put("wrong issuer", issuer.token("alice").scopes("things.read").issuer("http://evil.example").bearer());
		broken.put("wrong audience", issuer.token("alice").scopes("things.read").audience("other-api").bearer());
		broken.put("not a JWT", "Bearer not-a-token");
		broken.put("no subject", issuer.token(null).scopes("things.read").bearer());
		for (Map.Entry<String, String> token : broken.entrySet()) {
			HttpResponse<String> response = get(this.port, "/things", token.getValue());
			assertThat(response.statusCode()).as(token.getKey()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(token.getKey())
				.hasValue("Bearer error=\"invalid_token\"");
			assertProblem(response, 401);
			assertThat(response.body()).as(token.getKey())
				.doesNotContainIgnoringCase("expired")
				.doesNotContainIgnoringCase("signature")
				.doesNotContain("evil")
				.doesNotContain("Exception");
		}
	}

	@Test
	void tokensOfTheStandardTypesPassAndTokensWithoutExpiryOrWithTooLongALifetimeAreRefused() throws Exception {
		Map<String, Integer> cases = new LinkedHashMap<>();
		cases.put("typ JWT", get(this.port, "/things", issuer.token("alice").scopes("things.read").bearer()).statusCode());
		cases.put("typ at+jwt", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").type("at+jwt").bearer()).statusCode());
		cases.put("typ application/at+jwt", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").type("application/at+jwt").bearer()).statusCode());
		cases.put("no typ", get(this.port, "/things", issuer.token("alice").scopes("things.read").type(null).bearer())
			.statusCode());
		cases.put("RFC 9068 shape", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").rfc9068("some-client").bearer()).statusCode());
		cases.put("scp claim, array aud", get(this.port, "/things", issuer.token("alice").scopes("things.read")
			.scopesIn("scp").scopesAsString().audiences("other-api", "platform-api").bearer()).statusCode());
		cases.put("lifetime 1h (the limit)", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").lifetime(Duration.ofHours(1)).bearer()).statusCode());
		cases.put("typ id_token+jwt", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").type("id_token+jwt").bearer()).statusCode());
		cases.put("no exp", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").withoutExpiry().bearer()).statusCode());
		cases.put("lifetime 2h", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").lifetime(Duration.ofHours(2)).bearer()).statusCode());
		cases.put("exp a year ahead", get(this.port, "/things",
				issuer.token("alice").scopes("things.read").lifetime(Duration.ofDays(365)).bearer()).statusCode());

		assertThat(cases).containsExactly(Map.entry("typ JWT", 200), Map.entry("typ at+jwt", 200),
				Map.entry("typ application/at+jwt", 200), Map.entry("no typ", 200), Map.entry("RFC 9068 shape", 200),
				Map.entry("scp claim, array aud", 200), Map.entry("lifetime 1h (the limit)", 200),
				Map.entry("typ id_token+jwt", 401), Map.entry("no exp", 401), Map.entry("lifetime 2h", 401),
				Map.entry("exp a year ahead", 401));
	}

	@Test
	void noTokenIsA401ProblemAskingForOne() throws Exception {
		HttpResponse<String> response = get(this.port, "/things", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertProblem(response, 401);
	}

	@Test
	void aMissingScopeIsA403Problem() throws Exception {
		HttpResponse<String> read = get(this.port, "/things", issuer.token("alice").scopes("things.write").bearer());
		assertThat(read.statusCode()).isEqualTo(403);
		assertThat(read.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\"");
		assertProblem(read, 403);

		HttpResponse<String> write = send(HttpRequest.newBuilder(uri(this.port, "/things"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.header("Authorization", issuer.token("alice").scopes("things.read").bearer()));
		assertThat(write.statusCode()).isEqualTo(403);
	}

	@Test
	void aValidTokenWithTheScopeReachesTheHandlerAsItsPrincipal() throws Exception {
		HttpResponse<String> read = get(this.port, "/things", issuer.token("alice").scopes("things.read").bearer());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).isEqualTo("things of alice");

		HttpResponse<String> write = send(HttpRequest.newBuilder(uri(this.port, "/things"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.header("Authorization", issuer.token("bob").scopes("things.write").bearer()));
		assertThat(write.statusCode()).isEqualTo(200);
		assertThat(write.body()).isEqualTo("created by bob");
	}

	@Test
	void aPermitAllRuleOpensItsMethodsAndPathsOnly() throws Exception {
		HttpResponse<String> read = get(this.port, "/catalog", null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).isEqualTo("public catalog");
		// A token is still checked when one is sent
		assertThat(get(this.port, "/catalog", "Bearer not-a-token").statusCode()).isEqualTo(401);
		// Other methods of the same path still need a token
		HttpResponse<String> write = send(HttpRequest.newBuilder(uri(this.port, "/catalog"))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(write.statusCode()).isEqualTo(401);
	}

	@Test
	void probesAreOpenOnTheMainPortAndActuatorOnlyOnTheManagementPort() throws Exception {
		assertThat(get(this.port, "/livez", null).statusCode()).isEqualTo(200);
		assertThat(get(this.port, "/readyz", null).statusCode()).isEqualTo(200);
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(get(this.managementPort, "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(get(this.managementPort, "/actuator/prometheus", null).statusCode()).isEqualTo(200);
		// Not on the main port: with a token it is simply not there, without one nothing is disclosed
		String token = issuer.token("alice").scopes("things.read").bearer();
		assertThat(get(this.port, "/actuator/health", token).statusCode()).isEqualTo(404);
		assertThat(get(this.port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":" + status).contains("\"title\":").contains("\"detail\":");
	}

	private static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ThingsController.class)
	static class TestApp {

	}

	@RestController
	static class ThingsController {

		@GetMapping("/things")
		String list(@AuthenticationPrincipal Jwt caller) {
			return "things of " + caller.getSubject();
		}

		@PostMapping("/things")
		String create(@AuthenticationPrincipal Jwt caller) {
			return "created by " + caller.getSubject();
		}

		@GetMapping("/catalog")
		String catalog() {
			return "public catalog";
		}

		@PostMapping("/catalog")
		String changeCatalog() {
			return "changed";
		}

	}

}
