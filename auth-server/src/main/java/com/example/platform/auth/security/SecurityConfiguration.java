package com.example.platform.auth.security;

import java.util.Set;

import com.example.platform.auth.AuthServerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Two filter chains, as Spring Boot would configure them, plus open probes and metrics: Boot's defaults back off as
 * soon as a service declares its own chain, and the defaults would require a login for {@code /livez}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Probes and the scrape endpoint: orchestrators and Prometheus carry no token. */
	static final String[] PUBLIC_PATHS = { "/livez", "/readyz", "/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness", "/actuator/prometheus", "/error" };

	/** The protocol endpoints (token, authorize, JWKS, discovery, userinfo...): standard OAuth2 behaviour and errors. */
	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			// the OIDC userinfo endpoint is called with an access token
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			// a browser that is not logged in goes to the login page; API callers get 401
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), htmlRequests()));
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

	private static MediaTypeRequestMatcher htmlRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		// "Accept: */*" (curl, HTTP libraries) is not a browser
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
