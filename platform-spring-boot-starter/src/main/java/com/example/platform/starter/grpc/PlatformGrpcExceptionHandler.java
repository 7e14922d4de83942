package com.example.platform.starter.grpc;

import java.util.NoSuchElementException;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

/**
 * Java exceptions thrown by a gRPC service become proper status codes instead of UNKNOWN:
 * bad arguments are the caller's fault (INVALID_ARGUMENT), a missing entity is NOT_FOUND.
 * Anything else is left to the next handler (Spring gRPC answers INTERNAL without the message).
 */
public class PlatformGrpcExceptionHandler implements GrpcExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(PlatformGrpcExceptionHandler.class);

	@Override
	public StatusException handleException(Throwable exception) {
		if (exception instanceof StatusRuntimeException statusException) {
			return statusException.getStatus().asException(statusException.getTrailers());
		}
		if (exception instanceof IllegalArgumentException) {
			return Status.INVALID_ARGUMENT.withDescription(exception.getMessage()).asException();
		}
		if (exception instanceof NoSuchElementException) {
			return Status.NOT_FOUND.withDescription(exception.getMessage()).asException();
		}
		if (exception instanceof AuthenticationException || exception instanceof AccessDeniedException) {
			// A caller without a valid token, not a fault of this service: Spring gRPC's security handler answers
			// UNAUTHENTICATED / PERMISSION_DENIED; logging each would let any client fill the logs
			return null;
		}
		log.error("Unhandled error in a gRPC call", exception);
		return null;
	}

}
