package com.example.platform.starter.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.example.platform.starter.web.ProblemDetailsWriter;

/**
 * 401 and 403 as problem details, with RFC 6750's {@code WWW-Authenticate} error code and nothing more: why a
 * token was refused (expired, bad signature, wrong issuer) stays in the server's log, not in the answer.
 */
final class SecurityProblemHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger log = LoggerFactory.getLogger(SecurityProblemHandlers.class);

	private final ProblemDetailsWriter problems;

	SecurityProblemHandlers(ProblemDetailsWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		boolean tokenSent = authException instanceof InvalidBearerTokenException
				|| request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED,
				tokenSent ? "The bearer token is not valid." : "A bearer token is required.");
	}

	/**
	 * The token could not be checked at all (the issuer's keys cannot be fetched): 503 with Retry-After, since the
	 * token may well be valid; anything else is the token's fault, a 401.
	 */
	void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException {
		if (failure instanceof AuthenticationServiceException) {
			log.warn("Could not check a bearer token: {}", failure.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"The request's token cannot be checked right now; try again shortly.");
			return;
		}
		commence(request, response, failure);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		write(request, response, HttpStatus.FORBIDDEN, "The token lacks the scope this request needs.");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		ProblemDetailsWriter.Servlet.write(this.problems, response, ProblemDetailsWriter.problem(status, detail),
				request.getRequestURI());
	}

}
