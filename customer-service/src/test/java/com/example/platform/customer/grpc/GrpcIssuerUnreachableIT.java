package com.example.platform.customer.grpc;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.GetCustomerRequest;
import com.example.platform.test.UseKafka;
import com.example.platform.test.UsePostgres;
import com.example.platform.test.security.TestIssuer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * While the issuer's keys cannot be fetched, a gRPC call with a token is UNAVAILABLE (the service cannot check it now;
 * the caller may retry), not UNAUTHENTICATED (the token may be fine): as the HTTP side answers 503, not 401. Spring
 * gRPC's authentication interceptor checks the token; the starter maps what it refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.grpc.server.port=0")
@UsePostgres
@UseKafka
class GrpcIssuerUnreachableIT {

	@Autowired
	private GrpcServerLifecycle grpcServer;

	@DynamicPropertySource
	static void unreachableIssuer(DynamicPropertyRegistry registry) {
		TestIssuer.shared().resourceServerPropertiesWithUnreachableKeys().forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void aTokenThatCannotBeCheckedNowIsUnavailableNotUnauthenticated() throws InterruptedException {
		ManagedChannel channel = Grpc
			.newChannelBuilderForAddress("127.0.0.1", this.grpcServer.getPort(), InsecureChannelCredentials.create())
			.build();
		Metadata token = new Metadata();
		token.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
				TestIssuer.shared().token("alice").scopes("customers.read").bearer());
		try {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> CustomerServiceGrpc.newBlockingStub(channel)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token))
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.getCustomer(GetCustomerRequest.newBuilder().setCustomerId(UUID.randomUUID().toString()).build()))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(ex.getStatus().getDescription()).doesNotContain("127.0.0.1");
				});
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
