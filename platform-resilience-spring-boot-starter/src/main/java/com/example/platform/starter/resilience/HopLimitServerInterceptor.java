package com.example.platform.starter.resilience;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * gRPC server side of the hop limit: a call arriving with {@code x-hop-limit} 0 is refused
 * (RESOURCE_EXHAUSTED with a clear description and the {@code x-hop-limit-exceeded} trailer; an
 * MVC caller turns it into 508); otherwise the limit is kept in the call's Context so calls made
 * while serving it carry it on. The deadline needs no help: gRPC propagates it natively.
 */
class HopLimitServerInterceptor implements ServerInterceptor {

	private final int defaultHopLimit;

	public HopLimitServerInterceptor(int defaultHopLimit) {
		this.defaultHopLimit = defaultHopLimit;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		int hopLimit = parse(headers.get(GrpcContextBudget.HOP_LIMIT));
		if (hopLimit <= 0) {
			call.close(HopLimits.exceededStatus(), HopLimits.exceededTrailers());
			return new ServerCall.Listener<>() {
			};
		}
		Context context = Context.current().withValue(GrpcContextBudget.Holder.HOP_LIMIT_KEY, hopLimit);
		return Contexts.interceptCall(context, call, headers, next);
	}

	private int parse(String value) {
		if (value == null) {
			return this.defaultHopLimit;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			return this.defaultHopLimit;
		}
	}

}
