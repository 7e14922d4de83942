package com.example.platform.auth;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryAndHealthTests extends AuthServerHttpTestSupport {

	@Test
	void openIdDiscoveryDocumentNamesTheConfiguredIssuerAndItsEndpoints() {
		HttpResponse<String> response = get("/.well-known/openid-configuration");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode document = parse(response.body());
		assertThat(document.get("issuer").asString()).isEqualTo(ISSUER);
		assertThat(document.get("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
		assertThat(document.get("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
		assertThat(document.get("authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/authorize");
		assertThat(document.get("grant_types_supported").valueStream().map(JsonNode::asString))
			.contains("client_credentials", "authorization_code");
		assertThat(document.get("code_challenge_methods_supported").valueStream().map(JsonNode::asString))
			.containsExactly("S256");
	}

	@Test
	void jwksPublishesOneRsaSigningKeyWithoutItsPrivateParts() {
		HttpResponse<String> response = get("/oauth2/jwks");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode keys = parse(response.body()).get("keys");
		assertThat(keys.size()).isEqualTo(1);
		JsonNode key = keys.get(0);
		assertThat(key.get("kty").asString()).isEqualTo("RSA");
		assertThat(key.get("use").asString()).isEqualTo("sig");
		assertThat(key.get("kid").asString()).isNotBlank();
		assertThat(key.has("n")).isTrue();
		assertThat(key.has("e")).isTrue();
		// private exponent and CRT parameters never leave the server
		assertThat(key.has("d")).isFalse();
		assertThat(key.has("p")).isFalse();
	}

	@Test
	void probesOnTheMainPortAndMetricsOnTheManagementPortAnswerWithoutAToken() {
		assertThat(get("/livez").statusCode()).isEqualTo(200);
		assertThat(get("/readyz").statusCode()).isEqualTo(200);
		HttpResponse<String> prometheus = getManagement("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("application=\"auth-server\"");
	}

	@Test
	void actuatorIsNotServedOnTheMainPort() {
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(404);
	}

	@Test
	void otherActuatorEndpointsRequireALogin() {
		HttpResponse<String> metrics = getManagement("/actuator/metrics");
		assertThat(metrics.statusCode()).isEqualTo(302);
		assertThat(metrics.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
		assertThat(getManagement("/actuator/env").statusCode()).isEqualTo(302);
	}

}
