package com.example.platform.starter.security;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * gRPC's side of "services validate too": every call carries a bearer token in its {@code authorization}
 * metadata, validated exactly like an HTTP request's; the caller is in the {@link SecurityContextHolder} while
 * the service method runs, on whichever thread gRPC delivers each callback. Health checks and reflection are
 * open (probes and tools carry no token).
 */
class BearerTokenServerInterceptor implements ServerInterceptor {

	static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Logger log = LoggerFactory.getLogger(BearerTokenServerInterceptor.class);

	private final JwtDecoder decoder;

	private final Converter<Jwt, AbstractAuthenticationToken> authentication = new JwtAuthenticationConverter();

	BearerTokenServerInterceptor(JwtDecoder decoder) {
		this.decoder = decoder;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String service = call.getMethodDescriptor().getServiceName();
		if (service != null && (service.startsWith("grpc.health.") || service.startsWith("grpc.reflection."))) {
			return next.startCall(call, headers);
		}
		String header = headers.get(AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			call.close(Status.UNAUTHENTICATED.withDescription("A bearer token is required."), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		AbstractAuthenticationToken caller;
		try {
			caller = this.authentication.convert(this.decoder.decode(header.substring(7).trim()));
		}
		catch (BadJwtException ex) {
			log.debug("Refused a gRPC call's token: {}", ex.getMessage());
			call.close(Status.UNAUTHENTICATED.withDescription("The bearer token is not valid."), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		catch (JwtException ex) {
			// Not the token's fault: the issuer's keys could not be fetched. The caller may retry.
			log.warn("Could not check a gRPC call's token: {}", ex.getMessage());
			call.close(Status.UNAVAILABLE.withDescription("The token cannot be checked right now."), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(caller);
		return new AuthenticatedListener<>(next.startCall(call, headers), context);
	}

	/** Sets the caller around each callback, and clears it after: gRPC threads are pooled. */
	private static final class AuthenticatedListener<Q> extends SimpleForwardingServerCallListener<Q> {

		private final SecurityContext context;

		AuthenticatedListener(ServerCall.Listener<Q> delegate, SecurityContext context) {
			super(delegate);
			this.context = context;
		}

		private void within(Runnable callback) {
			SecurityContext previous = SecurityContextHolder.getContext();
			SecurityContextHolder.setContext(this.context);
			try {
				callback.run();
			}
			finally {
				SecurityContextHolder.setContext(previous);
			}
		}

		@Override
		public void onMessage(Q message) {
			within(() -> super.onMessage(message));
		}

		@Override
		public void onHalfClose() {
			within(super::onHalfClose);
		}

		@Override
		public void onCancel() {
			within(super::onCancel);
		}

		@Override
		public void onComplete() {
			within(super::onComplete);
		}

		@Override
		public void onReady() {
			within(super::onReady);
		}

	}

}
