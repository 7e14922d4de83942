package com.example.platform.starter.resilience;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.platform.starter.resilience.PlatformResilienceProperties.RetryBudgetSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gRPC side on a real loopback server: hop limit through metadata (a service that calls itself),
 * deadline capped by the request's budget, an expired budget never sent.
 */
class GrpcResilienceTests {

	private static final MethodDescriptor<String, String> CALL = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("test.Loop/Call")
		.setRequestMarshaller(new Utf8())
		.setResponseMarshaller(new Utf8())
		.build();

	private final AtomicInteger handled = new AtomicInteger();

	private Server server;

	private ManagedChannel managedChannel;

	private Channel channel;

	private DownstreamResilience resilience;

	// The platform's defaults (resilience4j.*.configs.default in the starter's defaults.properties)
	private static final CircuitBreakerConfig PLATFORM_BREAKER_DEFAULTS = CircuitBreakerConfig.custom()
		.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
		.slidingWindowSize(20)
		.minimumNumberOfCalls(10)
		.failureRateThreshold(50)
		.waitDurationInOpenState(Duration.ofSeconds(5))
		.permittedNumberOfCallsInHalfOpenState(3)
		.build();

	private static final RetryConfig PLATFORM_RETRY_DEFAULTS = RetryConfig.custom()
		.maxAttempts(3)
		.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), 2, 0.5))
		.build();

	@BeforeEach
	void start() throws IOException {
		// Generous: the first calls of a fresh JVM on a loaded machine are slow; the budget test sets its own
		TimeLimiterRegistry timeLimiters = TimeLimiterRegistry
			.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(20)).build());
		// A downstream whose own limit is short, for the breaker tests
		timeLimiters.timeLimiter("slow", TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(300)).build());
		DownstreamResilience resilience = new DownstreamResilience(new RetryBudgetSettings(0.2, 3),
				CircuitBreakerRegistry.of(PLATFORM_BREAKER_DEFAULTS), BulkheadRegistry.ofDefaults(),
				RetryRegistry.ofDefaults(), timeLimiters, null);
		this.resilience = resilience;
		ServerServiceDefinition service = ServerServiceDefinition.builder("test.Loop")
			.addMethod(CALL, ServerCalls.asyncUnaryCall((request, response) -> {
				this.handled.incrementAndGet();
				try {
					if (request.startsWith("sleep:")) {
						Thread.sleep(Long.parseLong(request.substring(6)));
						response.onNext("slept");
					}
					else {
						// "loop": call ourselves, within this call's Context (hop limit, deadline)
						response.onNext(ClientCalls.blockingUnaryCall(this.channel, CALL, io.grpc.CallOptions.DEFAULT,
								request));
					}
					response.onCompleted();
				}
				catch (StatusRuntimeException ex) {
					response.onError(ex.getStatus().asRuntimeException(ex.getTrailers()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					response.onError(Status.CANCELLED.asRuntimeException());
				}

			}))
			.build();
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
			.addService(ServerInterceptors.intercept(service, new HopLimitServerInterceptor(10)))
			.build()
			.start();
		this.managedChannel = NettyChannelBuilder.forAddress("127.0.0.1", this.server.getPort()).usePlaintext().build();
		this.channel = ClientInterceptors.intercept(this.managedChannel,
				new ResilienceClientInterceptor(resilience.downstream("loop")));
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.managedChannel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
	}

	@Test
	void aCallLoopEndsAtTheHopLimitWithAClearStatus() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> RequestBudget.runWith(new RequestBudget(null, 5),
					() -> ClientCalls.blockingUnaryCall(this.channel, CALL, io.grpc.CallOptions.DEFAULT, "loop")))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(ex.getStatus().getDescription()).contains("hop limit");
				assertThat(HopLimits.isExceeded(ex)).isTrue();
			});
		// sent with 4, 3, 2, 1 (handled) and 0 (refused before the handler)
		assertThat(this.handled.get()).isEqualTo(4);
	}

	@Test
	void aCallArrivingAtHopLimitZeroIsRefused() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> RequestBudget.runWith(new RequestBudget(null, 1),
					() -> ClientCalls.blockingUnaryCall(this.channel, CALL, io.grpc.CallOptions.DEFAULT, "sleep:1")))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(HopLimits.isExceeded(ex)).isTrue();
			});
		assertThat(this.handled.get()).isZero();
	}

	@Test
	void theDeadlineIsCappedByTheRemainingBudget() {
		long start = System.nanoTime();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> RequestBudget.runWith(RequestBudget.of(Duration.ofMillis(200), 10),
					() -> ClientCalls.blockingUnaryCall(this.channel, CALL, io.grpc.CallOptions.DEFAULT, "sleep:3000")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
	}

	@Test
	void timeoutsOfTheCallersOwnTightBudgetDoNotOpenTheBreaker() {
		Channel slow = ClientInterceptors.intercept(this.managedChannel,
				new ResilienceClientInterceptor(this.resilience.downstream("slow")));
		for (int i = 0; i < 20; i++) {
			long budgetMillis = 1 + i % 3;
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> RequestBudget.runWith(RequestBudget.of(Duration.ofMillis(budgetMillis), 10),
						() -> ClientCalls.blockingUnaryCall(slow, CALL, io.grpc.CallOptions.DEFAULT, "sleep:100")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		}
		io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = this.resilience.downstream("slow").circuitBreaker();
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("failures counted against the downstream").isZero();
		assertThat(breaker.getState()).as("breaker after 20 calls cut by their callers' 1-3 ms budgets")
			.isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
	}

	@Test
	void timeoutsAtTheDownstreamsOwnLimitStillOpenTheBreaker() {
		Channel slow = ClientInterceptors.intercept(this.managedChannel,
				new ResilienceClientInterceptor(this.resilience.downstream("slow")));
		// Its own limit is 300 ms; the request's budget (10 s) is no constraint
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> RequestBudget.runWith(RequestBudget.of(Duration.ofSeconds(10), 10),
						() -> ClientCalls.blockingUnaryCall(slow, CALL, io.grpc.CallOptions.DEFAULT, "sleep:1000")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		}
		assertThat(this.resilience.downstream("slow").circuitBreaker().getState())
			.as("breaker after 10 calls cut at the downstream's own 300 ms limit")
			.isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
	}

	@Test
	void anExpiredBudgetIsNeverSent() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> RequestBudget.runWith(RequestBudget.of(Duration.ZERO, 10),
					() -> ClientCalls.blockingUnaryCall(this.channel, CALL, io.grpc.CallOptions.DEFAULT, "sleep:1")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		assertThat(this.handled.get()).isZero();
	}

	@Test
	void unavailableIsRetriedNativelyWithinTheRetryThrottling() throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		ServerServiceDefinition failing = ServerServiceDefinition.builder("test.Loop")
			.addMethod(CALL, ServerCalls.asyncUnaryCall((request, response) -> {
				attempts.incrementAndGet();
				response.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
			}))
			.build();
		Server down = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
			.addService(failing)
			.build()
			.start();
		java.util.Map<String, Object> serviceConfig = new java.util.HashMap<>();
		GrpcRetryServiceConfig.apply(PLATFORM_RETRY_DEFAULTS, new RetryBudgetSettings(0.2, 3), serviceConfig);
		ManagedChannel retrying = NettyChannelBuilder.forAddress("127.0.0.1", down.getPort())
			.usePlaintext()
			.defaultServiceConfig(serviceConfig)
			.enableRetry()
			.build();
		try {
			int calls = 50;
			for (int i = 0; i < calls; i++) {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> ClientCalls
					.blockingUnaryCall(retrying, CALL, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5,
							java.util.concurrent.TimeUnit.SECONDS), "x"));
			}
			System.out.printf("[figures] gRPC native retry + throttling: %d calls to a server failing every call -> "
					+ "%d attempts (%.2fx)%n", calls, attempts.get(), attempts.get() / (double) calls);
			assertThat(attempts.get()).isGreaterThan(calls).isLessThanOrEqualTo((int) (calls * 1.2) + 3);
		}
		finally {
			retrying.shutdownNow();
			down.shutdownNow();
		}
	}

	private static final class Utf8 implements MethodDescriptor.Marshaller<String> {

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
