package com.example.platform.starter.resilience;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** How a gRPC server says "hop limit reached": RESOURCE_EXHAUSTED plus a trailer, mapped to HTTP 508. */
public final class HopLimits {

	static final Metadata.Key<String> EXCEEDED = Metadata.Key.of("x-hop-limit-exceeded",
			Metadata.ASCII_STRING_MARSHALLER);

	static final String DESCRIPTION = "hop limit reached: the request went through too many services and is probably in a loop";

	private HopLimits() {
	}

	static Status exceededStatus() {
		return Status.RESOURCE_EXHAUSTED.withDescription(DESCRIPTION);
	}

	static Metadata exceededTrailers() {
		Metadata trailers = new Metadata();
		trailers.put(EXCEEDED, "true");
		return trailers;
	}

	static boolean isExceeded(Status status, Metadata trailers) {
		return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && trailers != null
				&& "true".equals(trailers.get(EXCEEDED));
	}

	/** Whether a failed gRPC call was refused because the hop limit was reached. */
	public static boolean isExceeded(StatusRuntimeException ex) {
		return isExceeded(ex.getStatus(), ex.getTrailers());
	}

}
