package com.example.platform.starter.resilience;

import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/** The budget of a gRPC call being served: its native deadline and the hop limit from its metadata. */
final class GrpcContextBudget {

	static final Metadata.Key<String> HOP_LIMIT = Metadata.Key.of("x-hop-limit", Metadata.ASCII_STRING_MARSHALLER);

	private static final boolean GRPC_PRESENT = ClassUtils.isPresent("io.grpc.Context",
			GrpcContextBudget.class.getClassLoader());

	private GrpcContextBudget() {
	}

	static @Nullable RequestBudget current() {
		return GRPC_PRESENT ? Holder.current() : null;
	}

	// Separate class: loaded only when gRPC is on the classpath
	static final class Holder {

		static final Context.Key<Integer> HOP_LIMIT_KEY = Context.key("platform-hop-limit");

		private Holder() {
		}

		static @Nullable RequestBudget current() {
			Context context = Context.current();
			Integer hopLimit = HOP_LIMIT_KEY.get(context);
			Deadline deadline = context.getDeadline();
			if (hopLimit == null && deadline == null) {
				return null;
			}
			Long deadlineNanos = (deadline != null)
					? System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS) : null;
			return new RequestBudget(deadlineNanos, (hopLimit != null) ? hopLimit : RequestBudget.DEFAULT_HOP_LIMIT);
		}

	}

}
