package com.example.platform.starter.grpc;

import java.util.NoSuchElementException;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;

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
		log.error("Unhandled error in a gRPC call", exception);
		return null;
	}

}
