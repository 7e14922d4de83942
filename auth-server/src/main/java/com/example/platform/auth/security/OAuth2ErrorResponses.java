package com.example.platform.auth.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The protocol endpoints' errors in the shapes the specifications give them, plugged into Spring Authorization
 * Server's own {@code errorResponseHandler} hooks: a JSON {@code error} (RFC 6749 5.2) with {@code WWW-Authenticate}
 * where the client used HTTP authentication; an authorization error redirected to the client when its
 * {@code redirect_uri} is registered (RFC 6749 4.1.2.1), else a 400 JSON {@code error} (never a redirect to an
 * address nobody registered).
 */
final class OAuth2ErrorResponses {

	static final String REALM = "Basic realm=\"oauth2\"";

	private static final OAuth2ErrorHttpMessageConverter json = new OAuth2ErrorHttpMessageConverter();

	private OAuth2ErrorResponses() {
	}

	/**
	 * Client authentication failed at the token, introspection or revocation endpoint: 401 {@code invalid_client}
	 * (400 for other codes), with {@code WWW-Authenticate} when the client tried HTTP authentication (RFC 6749 5.2
	 * requires it then; Spring Authorization Server leaves it out).
	 */
	static AuthenticationFailureHandler clientAuthenticationFailure() {
		return (request, response, exception) -> {
			OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
			boolean invalidClient = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode());
			if (invalidClient && request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM);
			}
			// only the code: why a client failed is not told
			write(response, invalidClient ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST,
					new OAuth2Error(error.getErrorCode()));
		};
	}

	/**
	 * No client authentication at all (a request without credentials; a public client at an endpoint or with a
	 * grant it cannot authenticate for, e.g. a code exchange without {@code code_verifier}): 401
	 * {@code invalid_client}, naming the scheme the endpoint accepts.
	 */
	static AuthenticationEntryPoint clientAuthenticationRequired() {
		return (request, response, exception) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM);
			write(response, HttpStatus.UNAUTHORIZED, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT));
		};
	}

	/**
	 * An invalid authorization request. Spring Authorization Server redirects only errors found after it checked
	 * the client and its {@code redirect_uri}; those found before (e.g. {@code response_type=token}) became an opaque
	 * 400. Here: redirect whenever {@code client_id} and {@code redirect_uri} name a registered pair, with
	 * {@code error}, {@code error_description} and {@code state}; otherwise 400 with the JSON {@code error}.
	 */
	static AuthenticationFailureHandler authorizationFailure(RegisteredClientRepository clients) {
		return (request, response, exception) -> {
			OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
					: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
			String redirectUri = null;
			String state = request.getParameter(OAuth2ParameterNames.STATE);
			if (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequestException
					&& codeRequestException.getAuthorizationCodeRequestAuthentication() != null) {
				OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest = codeRequestException
					.getAuthorizationCodeRequestAuthentication();
				// set by Spring Authorization Server only once it validated it against the registered client
				redirectUri = authorizationRequest.getRedirectUri();
				state = authorizationRequest.getState();
			}
			else {
				redirectUri = registeredRedirectUri(clients, request);
			}
			if (!StringUtils.hasText(redirectUri)) {
				write(response, HttpStatus.BAD_REQUEST, error);
				return;
			}
			UriComponentsBuilder location = UriComponentsBuilder.fromUriString(redirectUri)
				.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
			if (StringUtils.hasText(error.getDescription())) {
				location.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION,
						UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
			}
			if (StringUtils.hasText(state)) {
				location.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(state, StandardCharsets.UTF_8));
			}
			response.sendRedirect(location.build(true).toUriString());
		};
	}

	/** The OIDC logout endpoint refused the request (e.g. an unregistered {@code post_logout_redirect_uri}). */
	static AuthenticationFailureHandler logoutFailure() {
		return (request, response, exception) -> write(response, HttpStatus.BAD_REQUEST,
				(exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
						: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST));
	}

	/** Userinfo refused the token: RFC 6750 3's status and {@code WWW-Authenticate}, and the JSON error. */
	static AuthenticationFailureHandler userInfoFailure() {
		return (request, response, exception) -> {
			OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
			HttpStatus status = switch (error.getErrorCode()) {
				case OAuth2ErrorCodes.INVALID_TOKEN -> HttpStatus.UNAUTHORIZED;
				case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpStatus.FORBIDDEN;
				default -> HttpStatus.BAD_REQUEST;
			};
			String scope = OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(error.getErrorCode()) ? ", scope=\"openid\"" : "";
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"" + error.getErrorCode() + "\"" + scope);
			write(response, status, new OAuth2Error(error.getErrorCode()));
		};
	}

	private static String registeredRedirectUri(RegisteredClientRepository clients, HttpServletRequest request) {
		String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
		String redirectUri = single(request, OAuth2ParameterNames.REDIRECT_URI);
		if (clientId == null || redirectUri == null) {
			return null;
		}
		RegisteredClient client = clients.findByClientId(clientId);
		return (client != null && client.getRedirectUris().contains(redirectUri)) ? redirectUri : null;
	}

	private static String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null && values.length == 1 && StringUtils.hasText(values[0])) ? values[0] : null;
	}

	private static void write(HttpServletResponse response, HttpStatus status, OAuth2Error error) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status);
		json.write(error, null, httpResponse);
	}

}
