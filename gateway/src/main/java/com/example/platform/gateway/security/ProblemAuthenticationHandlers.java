package com.example.platform.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import com.example.platform.starter.security.PlatformSecurityProperties;

/**
 * 401, 403 and rejected requests as RFC 9457 problems, rendered by the platform starter's error handler (the same
 * shape and trace id as every other error): each handler sets its headers, then fails the exchange with a
 * {@link ResponseStatusException}.
 * <p>
 * {@code WWW-Authenticate} follows RFC 6750 section 3 and says no more: {@code Bearer} alone when no token came,
 * {@code Bearer error="invalid_token"} (or {@code invalid_request}) when one was refused, and
 * {@code Bearer error="insufficient_scope", scope="..."} on 403. Spring Security's own handlers also add an
 * {@code error_description} that tells a caller why a token failed (expired, signature, issuer, audience): that stays
 * in the logs.
 */
final class ProblemAuthenticationHandlers {

	private ProblemAuthenticationHandlers() {
	}

	static final class EntryPoint implements ServerAuthenticationEntryPoint {

		@Override
		public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
			return Mono.defer(() -> {
				String errorCode = null;
				HttpStatusCode status = HttpStatus.UNAUTHORIZED;
				if (ex instanceof OAuth2AuthenticationException oauth2) {
					OAuth2Error error = oauth2.getError();
					errorCode = BearerTokenErrorCodes.INVALID_REQUEST.equals(error.getErrorCode())
							? BearerTokenErrorCodes.INVALID_REQUEST : BearerTokenErrorCodes.INVALID_TOKEN;
					if (error instanceof BearerTokenError bearer && bearer.getHttpStatus() == HttpStatus.BAD_REQUEST) {
						status = HttpStatus.BAD_REQUEST;
					}
				}
				exchange.getResponse()
					.getHeaders()
					.set(HttpHeaders.WWW_AUTHENTICATE, (errorCode != null) ? "Bearer error=\"" + errorCode + "\"" : "Bearer");
				String detail = (errorCode == null) ? "This request needs a bearer access token."
						: (status == HttpStatus.BAD_REQUEST) ? "The bearer access token was sent in a way that is not allowed."
								: "The bearer access token is not valid.";
				return Mono.error(new ResponseStatusException(status, detail));
			});
		}

	}

	static final class AccessDenied implements ServerAccessDeniedHandler {

		private final PlatformSecurityProperties security;

		AccessDenied(PlatformSecurityProperties security) {
			this.security = security;
		}

		@Override
		public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
			return Mono.defer(() -> {
				String scope = this.security
					.ruleFor(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication())
					.filter((rule) -> !rule.isDeny())
					.map(PlatformSecurityProperties.Rule::getScope)
					.orElse(null);
				exchange.getResponse()
					.getHeaders()
					.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\""
							+ ((scope != null) ? ", scope=\"" + scope + "\"" : ""));
				String detail = (scope != null) ? "The access token does not grant the scope this request needs: " + scope + "."
						: "This operation is not available through the API.";
				return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN, detail));
			});
		}

	}

	/** Spring Security's firewall refused the request (method, encoded path separators, ...): 400 problem. */
	static final class Rejected implements ServerExchangeRejectedHandler {

		@Override
		public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "The request was rejected."));
		}

	}

}
