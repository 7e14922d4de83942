package com.example.platform.customer.grpc;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.GetCustomerRequest;
import com.example.platform.customer.CustomerServiceITSupport;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a load balancer, a mesh or a client without a token sees on the gRPC port: the standard health check answers
 * without a token (probes carry none), every other call without one is UNAUTHENTICATED, and such calls do not fill
 * the log (a client without a token must not be able to flood it).
 */
@ExtendWith(OutputCaptureExtension.class)
class GrpcHealthIT extends CustomerServiceITSupport {

	@Autowired
	private GrpcServerLifecycle grpcServer;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = Grpc
			.newChannelBuilderForAddress("127.0.0.1", this.grpcServer.getPort(), InsecureChannelCredentials.create())
			.build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void theHealthCheckAnswersServingWithoutAToken() {
		HealthCheckResponse health = HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.getDefaultInstance());

		assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void ahundredCallsWithoutATokenAreRefusedAndLogAtMostOneLine(CapturedOutput output) {
		int before = output.getOut().length() + output.getErr().length();
		for (int i = 0; i < 100; i++) {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> CustomerServiceGrpc.newBlockingStub(this.channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.getCustomer(GetCustomerRequest.newBuilder().setCustomerId(UUID.randomUUID().toString()).build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
		}
		String logged = (output.getOut() + output.getErr()).substring(before);
		assertThat(logged.lines().filter((line) -> !line.isBlank()).toList())
			.as("log lines written for 100 calls without a token")
			.hasSizeLessThanOrEqualTo(1);
	}

}
