package com.example.platform.auth.security;

import java.util.Set;

import com.example.platform.auth.AuthServerProperties;

import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2RefreshTokenAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2TokenExchangeAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains, as Spring Boot would configure them, plus open probes and metrics: Boot's defaults back off as
 * soon as a service declares its own chain, and the defaults would require a login for {@code /livez}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Probes and the scrape endpoint: orchestrators and Prometheus carry no token. */
	static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource/**";

	static final String[] PUBLIC_PATHS = { "/livez", "/readyz", "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness", "/actuator/prometheus", "/error" };

	/**
	 * The protocol endpoints (token, authorize, JWKS, discovery, userinfo...): standard OAuth2 behaviour, errors in
	 * the shapes of the specifications ({@link OAuth2ErrorResponses}), discovery that advertises what works
	 * ({@link DiscoveryMetadata}), and only the grants the clients use: refresh and token exchange are removed from
	 * the token endpoint, so they answer {@code unsupported_grant_type} instead of being half offered.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, RegisteredClientRepository clients,
			OAuth2AuthorizationServerProperties authorizationServer, AuthorizationServerSettings settings)
			throws Exception {
		DiscoveryMetadata metadata = new DiscoveryMetadata(authorizationServer);
		http.oauth2AuthorizationServer((server) -> {
			// the protected resource metadata of userinfo (RFC 9728), which the 401's resource_metadata names
			http.securityMatcher(new OrRequestMatcher(server.getEndpointsMatcher(),
					PathPatternRequestMatcher.withDefaults().matcher(PROTECTED_RESOURCE_METADATA)));
			server.clientAuthentication((clientAuthentication) -> clientAuthentication
				.errorResponseHandler(OAuth2ErrorResponses.clientAuthenticationFailure()))
				.authorizationEndpoint((authorization) -> authorization
					.errorResponseHandler(OAuth2ErrorResponses.authorizationFailure(clients)))
				.tokenEndpoint((token) -> token
					.accessTokenRequestConverters((converters) -> converters
						.removeIf((converter) -> converter instanceof OAuth2RefreshTokenAuthenticationConverter
								|| converter instanceof OAuth2TokenExchangeAuthenticationConverter))
					.authenticationProviders((providers) -> providers
						.removeIf((provider) -> provider instanceof OAuth2RefreshTokenAuthenticationProvider
								|| provider instanceof OAuth2TokenExchangeAuthenticationProvider)))
				.authorizationServerMetadataEndpoint((endpoint) -> endpoint
					.authorizationServerMetadataCustomizer((builder) -> builder.claims(metadata)))
				.oidc((oidc) -> oidc
					.providerConfigurationEndpoint((endpoint) -> endpoint
						.providerConfigurationCustomizer((builder) -> builder.claims(metadata)))
					.userInfoEndpoint((userInfo) -> userInfo.errorResponseHandler(OAuth2ErrorResponses.userInfoFailure()))
					.logoutEndpoint((logout) -> logout.errorResponseHandler(OAuth2ErrorResponses.logoutFailure())));
		})
			.authorizeHttpRequests((requests) -> requests.requestMatchers(PROTECTED_RESOURCE_METADATA)
				.permitAll()
				.anyRequest()
				.authenticated())
			// the OIDC userinfo endpoint is called with an access token
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.protectedResourceMetadata((resource) -> resource.protectedResourceMetadataCustomizer((builder) -> builder
					.claims((claims) -> claims.remove("tls_client_certificate_bound_access_tokens")))))
			.addFilterBefore(new DpopProofIgnoringFilter(settings.getTokenEndpoint()),
					HeaderWriterFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				// a browser that is not logged in goes to the login page
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), htmlRequests())
				// a client that did not authenticate at an endpoint that needs it: invalid_client (RFC 6749 5.2)
				.defaultAuthenticationEntryPointFor(OAuth2ErrorResponses.clientAuthenticationRequired(),
						new OrRequestMatcher(post(settings.getTokenEndpoint()),
								post(settings.getTokenIntrospectionEndpoint()), post(settings.getTokenRevocationEndpoint()))));
		// API callers elsewhere (userinfo) get the resource server's 401 with WWW-Authenticate: Bearer
		return http.build();
	}

	/** Everything else: the login form, and the actuator behind it except probes and metrics. */
	@Bean
	@Order(2)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(PUBLIC_PATHS).permitAll().anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	/** The demo user; its password is stored hashed (bcrypt), the plain value only comes from the environment. */
	@Bean
	UserDetailsService userDetailsService(AuthServerProperties properties) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		AuthServerProperties.DemoUser demo = properties.demoUser();
		return new InMemoryUserDetailsManager(User.withUsername(demo.username())
			.password(encoder.encode(demo.password()))
			.roles("USER")
			.build());
	}

	private static RequestMatcher post(String path) {
		return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
	}

	private static MediaTypeRequestMatcher htmlRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		// "Accept: */*" (curl, HTTP libraries) is not a browser
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
