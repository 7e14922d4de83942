package com.example.platform.customer;

import com.example.platform.test.UseKafka;
import com.example.platform.test.UsePostgres;
import com.example.platform.test.security.TestIssuer;
import com.example.platform.test.security.UseTestIssuer;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Base of every integration test of the service: ONE shared application context (same annotations and properties,
 * all declared here) on a fresh PostgreSQL database and the embedded Kafka broker, trusting the in-process
 * {@link TestIssuer}. {@link #http} sends {@link #ALICE}'s token with the customer scopes on every request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.grpc.server.port=0")
@AutoConfigureRestTestClient
@UsePostgres
@UseKafka
@UseTestIssuer
public abstract class CustomerServiceITSupport {

	/** The principal most tests act as. */
	protected static final String ALICE = "alice";

	/** Another principal, with the same scopes as {@link #ALICE}. */
	protected static final String BOB = "bob";

	@Autowired
	private RestTestClient client;

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	/** Sends {@link #ALICE}'s token (customers.read, customers.write). */
	protected RestTestClient http;

	@BeforeEach
	void authenticateAsAlice() {
		// A fresh token per test: tokens live five minutes
		this.http = as(ALICE);
	}

	/** A client sending a token of {@code subject} with the customer scopes. */
	protected RestTestClient as(String subject) {
		return withToken(bearer(subject, "customers.read", "customers.write"));
	}

	/** A client sending this Authorization header value (null: none). */
	protected RestTestClient withToken(String authorization) {
		RestTestClient.Builder<?> builder = this.client.mutate();
		if (authorization != null) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, authorization);
		}
		return builder.build();
	}

	protected static String bearer(String subject, String... scopes) {
		return TestIssuer.shared().token(subject).scopes(scopes).bearer();
	}

	/** Sends this Authorization header value with every gRPC call of a stub. */
	protected static ClientInterceptor grpcToken(String authorization) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
		return MetadataUtils.newAttachHeadersInterceptor(headers);
	}

}
