package com.example.platform.gateway.security;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import com.example.platform.gateway.edge.EdgeProperties;
import com.example.platform.starter.security.PlatformSecurityProperties;

/**
 * The gateway is an OAuth2 resource server. Access tokens are JWTs from the platform's issuer, validated here with
 * Spring Boot's properties {@code spring.security.oauth2.resourceserver.jwt.*}: the signature against the issuer's
 * JWKS ({@code jwk-set-uri}, fetched from the internal URL, no discovery call), {@code iss} equal to
 * {@code issuer-uri} (the public URL), {@code aud} containing {@code audiences}, and {@code exp}/{@code nbf} (60 s
 * clock skew), plus the platform starter's rules ({@code typ} JWT or at+jwt, {@code exp} required, bounded lifetime). Scopes
 * ({@code scope} or {@code scp}, a space-separated string or a JSON array) become {@code SCOPE_*} authorities, required per route by
 * {@code platform.security.rules} (the format the services use). The token is relayed downstream unchanged (the gateway forwards the Authorization header), so
 * the services validate it again.
 * <p>
 * Stateless: no session, no CSRF (no cookies are read), no saved requests, no login pages.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(PlatformSecurityProperties.class)
class GatewaySecurityConfiguration {

	/**
	 * Probes are public; the internal paths are let through here only to be answered 404 by the next filter
	 * ({@code NotExposedWebFilter}), token or not. No bearer token processing on these paths.
	 */
	@Bean
	@Order(1)
	SecurityWebFilterChain publicAndHiddenPaths(ServerHttpSecurity http) {
		return stateless(http)
			.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/livez", "/readyz", "/actuator", "/actuator/**",
					"/fallback", "/fallback/**"))
			.authorizeExchange((authorize) -> authorize.anyExchange().permitAll())
			.build();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain api(ServerHttpSecurity http, EdgeProperties edge, PlatformSecurityProperties security) {
		ProblemAuthenticationHandlers.EntryPoint entryPoint = new ProblemAuthenticationHandlers.EntryPoint();
		ProblemAuthenticationHandlers.AccessDenied accessDenied = new ProblemAuthenticationHandlers.AccessDenied(security);
		return stateless(http)
			.addFilterAt(new CorsProblemWebFilter(edge.corsAllowedOrigins()), SecurityWebFiltersOrder.CORS)
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.authorizeExchange((authorize) -> {
				// The services' format and order (platform.security.rules), applied by Spring Security's reactive side
				for (PlatformSecurityProperties.Rule rule : security.getRules()) {
					String[] paths = rule.getPaths().toArray(String[]::new);
					List<HttpMethod> methods = rule.httpMethods();
					if (methods.isEmpty()) {
						configure(authorize.pathMatchers(paths), rule);
					}
					methods.forEach((method) -> configure(authorize.pathMatchers(method, paths), rule));
				}
				// Anything else needs a valid token, and then finds no route: 404
				authorize.anyExchange().authenticated();
			})
			.build();
	}

	private static void configure(ServerHttpSecurity.AuthorizeExchangeSpec.Access access,
			PlatformSecurityProperties.Rule rule) {
		if (rule.isDeny()) {
			access.denyAll();
		}
		else if (rule.isPermitAll()) {
			access.permitAll();
		}
		else {
			access.hasAuthority(rule.authority());
		}
	}

	private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.cors(ServerHttpSecurity.CorsSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(Customizer.withDefaults())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// Written for every response by SecurityHeadersWebFilter, including the ones this chain never sees
			.headers(ServerHttpSecurity.HeaderSpec::disable);
	}

	@Bean
	SecurityHeadersWebFilter securityHeadersWebFilter() {
		return new SecurityHeadersWebFilter();
	}

	/** Spring Security's firewall refusals (odd methods, encoded separators...) as 400 problems. */
	@Bean
	ServerExchangeRejectedHandler problemExchangeRejectedHandler() {
		return new ProblemAuthenticationHandlers.Rejected();
	}

}
