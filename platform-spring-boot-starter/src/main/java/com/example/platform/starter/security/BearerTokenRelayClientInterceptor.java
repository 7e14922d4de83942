package com.example.platform.starter.security;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Passes the caller's bearer token on to the gRPC server, so the downstream service checks the same principal
 * (and its ownership rules) rather than trusting the calling service. Read when the call starts, on the
 * caller's thread, where the security context is.
 */
class BearerTokenRelayClientInterceptor implements ClientInterceptor {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String token = (caller instanceof AbstractOAuth2TokenAuthenticationToken<?> bearer)
				? bearer.getToken().getTokenValue() : null;
		return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
			@Override
			public void start(Listener<R> listener, Metadata headers) {
				if (token != null && !headers.containsKey(AUTHORIZATION)) {
					headers.put(AUTHORIZATION, "Bearer " + token);
				}
				super.start(listener, headers);
			}
		};
	}

}
