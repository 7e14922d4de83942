package com.example.platform.starter.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.example.platform.starter.web.ProblemDetailsWriter;
import com.example.platform.starter.web.ProblemDetailsWriterConfiguration;

/**
 * Every servlet service is an OAuth2 resource server: a valid JWT from the platform's issuer (signature via its
 * JWKS, issuer, audience, expiry: Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}, defaulted
 * by the starter) on every request but the probes, and the scope its {@code platform.security.rules} name.
 * Actuator is on the management port, which is never published; it needs no token. Stateless: no session, no
 * CSRF (no cookies to ride on). A service's own {@link SecurityFilterChain} replaces this one.
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
		OAuth2ResourceServerWebSecurityAutoConfiguration.class },
		// A service that is also an OAuth2 client (its own client-credentials calls) keeps this chain, not oauth2Login
		beforeName = "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, BearerTokenAuthenticationFilter.class })
@ConditionalOnBooleanProperty(name = "platform.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
@Import(ProblemDetailsWriterConfiguration.class)
// Also here, not only through Boot's security auto-configuration: test slices may not import that one
@EnableWebSecurity
public class PlatformServletSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain platformResourceServerFilterChain(HttpSecurity http, PlatformSecurityProperties properties,
			ProblemDetailsWriter problemWriter) {
		SecurityProblemHandlers problems = new SecurityProblemHandlers(problemWriter);
		http.authorizeHttpRequests((requests) -> {
			requests.requestMatchers("/livez", "/readyz", "/error").permitAll();
			requests.requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll();
			for (PlatformSecurityProperties.Rule rule : properties.getRules()) {
				AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl access = requests.requestMatchers(matcherOf(rule));
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
			requests.anyRequest().authenticated();
		});
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
		})
			.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems)
			// By default an unreachable issuer escapes as a 500; here it is a 503 problem
			.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
				@Override
				public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
					filter.setAuthenticationFailureHandler(problems::onAuthenticationFailure);
					return filter;
				}
			}));
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems));
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf(AbstractHttpConfigurer::disable);
		http.requestCache(AbstractHttpConfigurer::disable);
		http.formLogin(AbstractHttpConfigurer::disable);
		http.httpBasic(AbstractHttpConfigurer::disable);
		return http.build();
	}

	static RequestMatcher matcherOf(PlatformSecurityProperties.Rule rule) {
		List<HttpMethod> methods = rule.httpMethods();
		List<RequestMatcher> matchers = new ArrayList<>();
		for (String path : rule.getPaths()) {
			if (methods.isEmpty()) {
				matchers.add(PathPatternRequestMatcher.withDefaults().matcher(path));
			}
			for (HttpMethod method : methods) {
				matchers.add(PathPatternRequestMatcher.withDefaults().matcher(method, path));
			}
		}
		return new OrRequestMatcher(matchers);
	}

}
