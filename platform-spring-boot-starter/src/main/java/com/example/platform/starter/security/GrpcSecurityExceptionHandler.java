package com.example.platform.starter.security;

import io.grpc.Status;
import io.grpc.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * What Spring gRPC's authentication interceptor refuses, answered as the HTTP side answers it: a token that cannot be
 * checked at all (the issuer's keys cannot be fetched) is UNAVAILABLE, since it may well be valid and the caller may
 * retry; a refused or missing token is UNAUTHENTICATED without saying why (expired, signature, issuer stay in the
 * log). Consulted before Spring gRPC's own security handler, which answers UNAUTHENTICATED for both.
 */
class GrpcSecurityExceptionHandler implements GrpcExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(GrpcSecurityExceptionHandler.class);

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof AuthenticationServiceException) {
			log.warn("Could not check a gRPC call's token: {}", exception.getMessage());
			return Status.UNAVAILABLE.withDescription("The token cannot be checked right now.").asException();
		}
		if (exception instanceof InvalidBearerTokenException) {
			log.debug("Refused a gRPC call's token: {}", exception.getMessage());
			return Status.UNAUTHENTICATED.withDescription("The bearer token is not valid.").asException();
		}
		if (exception instanceof AuthenticationException) {
			return Status.UNAUTHENTICATED.withDescription("A bearer token is required.").asException();
		}
		return null;
	}

}
