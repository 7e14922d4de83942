package com.example.platform.auth.security;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * This deployment does not offer DPoP (RFC 9449): the gateway and the services accept bearer tokens only, so a
 * DPoP-bound token would be refused everywhere. Spring Authorization Server binds a token whenever the token request
 * carries a {@code DPoP} proof; here the token endpoint does not see the proof, and answers as a server without DPoP
 * support does (RFC 9449 5: a {@code Bearer} token, which tells the client DPoP was not applied). Discovery does not
 * advertise DPoP ({@link DiscoveryMetadata}).
 */
final class DpopProofIgnoringFilter extends OncePerRequestFilter {

	private static final String DPOP = "DPoP";

	private final String tokenEndpoint;

	DpopProofIgnoringFilter(String tokenEndpoint) {
		this.tokenEndpoint = tokenEndpoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getHeader(DPOP) == null || !this.tokenEndpoint.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return DPOP.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return DPOP.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(Collections.list(super.getHeaderNames())
					.stream()
					.filter((header) -> !DPOP.equalsIgnoreCase(header))
					.toList());
			}
		}, response);
	}

}
