package com.example.platform.starter.resilience;

import io.grpc.Status;

import org.springframework.http.HttpStatus;

/**
 * gRPC status -> HTTP status, for a gRPC failure of a downstream that surfaces in an HTTP API.
 * The downstream's description is not passed on: it may name internals of another service.
 */
public final class GrpcStatusProblems {

	private GrpcStatusProblems() {
	}

	public static HttpStatus httpStatusOf(Status.Code code) {
		return switch (code) {
			case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
			case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case RESOURCE_EXHAUSTED, UNAVAILABLE, CANCELLED -> HttpStatus.SERVICE_UNAVAILABLE;
			case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
			default -> HttpStatus.BAD_GATEWAY;
		};
	}

	public static String detailOf(Status.Code code) {
		return switch (code) {
			case UNAVAILABLE, RESOURCE_EXHAUSTED, CANCELLED -> "A service this request depends on is unavailable; try again later.";
			case DEADLINE_EXCEEDED -> "A service this request depends on did not answer in time.";
			default -> "A service this request depends on answered with " + code + ".";
		};
	}

}
