package com.example.platform.auth.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;

/**
 * What the discovery documents ({@code /.well-known/openid-configuration}, {@code /.well-known/oauth-authorization-server})
 * advertise: exactly what works on this deployment (RFC 8414 2), derived from the registered clients
 * ({@code spring.security.oauth2.authorizationserver.client.*}), so adding a client or a scope there is the one
 * change. Spring Authorization Server's defaults list everything it can do in general: mutual-TLS client
 * authentication and certificate-bound tokens (this server speaks plain HTTP), DPoP (no resource server here
 * accepts DPoP-bound tokens, so auth-server ignores DPoP proofs), refresh and token exchange (no client may use
 * them; the token endpoint does not offer them), client assertions (no client has a key), and only {@code openid}
 * as a scope.
 */
final class DiscoveryMetadata implements Consumer<Map<String, Object>> {

	private final Collection<OAuth2AuthorizationServerProperties.Registration> clients;

	DiscoveryMetadata(OAuth2AuthorizationServerProperties properties) {
		this.clients = properties.getClient().values().stream().map(OAuth2AuthorizationServerProperties.Client::getRegistration).toList();
	}

	@Override
	public void accept(Map<String, Object> claims) {
		claims.remove("tls_client_certificate_bound_access_tokens");
		claims.remove("dpop_signing_alg_values_supported");
		claims.put("grant_types_supported", union(OAuth2AuthorizationServerProperties.Registration::getAuthorizationGrantTypes));
		List<String> methods = union(OAuth2AuthorizationServerProperties.Registration::getClientAuthenticationMethods);
		claims.put("token_endpoint_auth_methods_supported", methods);
		// a public client ("none") authenticates only for its own code exchange (with its PKCE verifier)
		List<String> withSecret = methods.stream().filter((method) -> !"none".equals(method)).toList();
		claims.put("revocation_endpoint_auth_methods_supported", withSecret);
		claims.put("introspection_endpoint_auth_methods_supported", withSecret);
		claims.put("scopes_supported", union(OAuth2AuthorizationServerProperties.Registration::getScopes));
	}

	private List<String> union(Function<OAuth2AuthorizationServerProperties.Registration, Collection<String>> values) {
		TreeSet<String> union = new TreeSet<>();
		this.clients.forEach((client) -> union.addAll(values.apply(client)));
		return List.copyOf(union);
	}

}
