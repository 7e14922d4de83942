package com.example.platform.order.customer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.contracts.customer.v1.Customer;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.contracts.customer.v1.GetCustomerRequest;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Kubernetes the customer-service channel targets a headless Service, whose DNS name resolves to one address per
 * pod, and must spread calls over them (profile {@code kubernetes}: round_robin). Here a name resolver stands in for
 * that DNS answer with the addresses of two fake customer-service "pods"; the channel is the one the application
 * builds ({@link CustomerCreditConfiguration} through Spring gRPC's channel factory), configured by the real
 * {@code application-kubernetes.yaml}.
 */
class CustomerChannelLoadBalancingTests {

	private static final String SCHEME = "two-customer-pods";

	private static final int CALLS = 40;

	private static final Pod first = new Pod();

	private static final Pod second = new Pod();

	private static final NameResolverProvider twoPods = new TwoPodsResolverProvider();

	@BeforeAll
	static void startPods() throws IOException {
		first.start();
		second.start();
		NameResolverRegistry.getDefaultRegistry().register(twoPods);
	}

	@AfterAll
	static void stopPods() {
		NameResolverRegistry.getDefaultRegistry().deregister(twoPods);
		first.stop();
		second.stop();
	}

	@Test
	void theKubernetesProfileSpreadsCallsOverEveryAddressOfTheHeadlessService() throws IOException {
		contextRunner(kubernetesProfile()).run((context) -> {
			int before1 = first.calls.get();
			int before2 = second.calls.get();
			CustomerServiceBlockingStub stub = context.getBean(CustomerServiceBlockingStub.class);
			awaitBothReady(stub);
			int warmUp1 = first.calls.get() - before1;
			int warmUp2 = second.calls.get() - before2;
			for (int i = 0; i < CALLS; i++) {
				stub.getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-" + i).build());
			}
			int onFirst = first.calls.get() - before1 - warmUp1;
			int onSecond = second.calls.get() - before2 - warmUp2;
			System.out.printf("gRPC round robin: %d calls -> pod 1: %d, pod 2: %d%n", CALLS, onFirst, onSecond);
			assertThat(onFirst + onSecond).isEqualTo(CALLS);
			// round robin over two ready sub-channels alternates: an even split
			assertThat(onFirst).isEqualTo(CALLS / 2);
			assertThat(onSecond).isEqualTo(CALLS / 2);
		});
	}

	@Test
	void withPickFirstEveryCallWouldGoToOnePod() throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>(kubernetesProfile());
		properties.put("spring.grpc.client.channel.customer-service.default.load-balancing-policy", "pick_first");
		contextRunner(properties).run((context) -> {
			int before1 = first.calls.get();
			int before2 = second.calls.get();
			CustomerServiceBlockingStub stub = context.getBean(CustomerServiceBlockingStub.class);
			for (int i = 0; i < CALLS; i++) {
				stub.getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-" + i).build());
			}
			int onFirst = first.calls.get() - before1;
			int onSecond = second.calls.get() - before2;
			assertThat(onFirst + onSecond).isEqualTo(CALLS);
			assertThat(Math.min(onFirst, onSecond)).as("calls on the less used pod").isZero();
		});
	}

	private static ApplicationContextRunner contextRunner(Map<String, Object> properties) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class))
			.withUserConfiguration(CustomerCreditConfiguration.class)
			.withPropertyValues("spring.grpc.client.channel.customer-service.target=" + SCHEME + ":///customer-service-grpc");
		for (Map.Entry<String, Object> property : properties.entrySet()) {
			runner = runner.withPropertyValues(property.getKey() + "=" + property.getValue());
		}
		return runner;
	}

	/** The properties of src/main/resources/application-kubernetes.yaml, as the profile would add them. */
	private static Map<String, Object> kubernetesProfile() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("kubernetes",
				new ClassPathResource("application-kubernetes.yaml"));
		Map<String, Object> properties = new LinkedHashMap<>();
		for (PropertySource<?> source : sources) {
			if (source.getSource() instanceof Map<?, ?> map) {
				map.forEach((key, value) -> properties.put(key.toString(), source.getProperty(key.toString())));
			}
		}
		assertThat(properties).containsEntry("spring.grpc.client.channel.customer-service.default.load-balancing-policy",
				"round_robin");
		return properties;
	}

	/** Round robin only uses ready sub-channels: call until both pods have answered once. */
	private static void awaitBothReady(CustomerServiceBlockingStub stub) {
		int start1 = first.calls.get();
		int start2 = second.calls.get();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (first.calls.get() == start1 || second.calls.get() == start2) {
			assertThat(System.nanoTime()).as("both pods reached within 5 s").isLessThan(deadline);
			stub.getCustomer(GetCustomerRequest.newBuilder().setCustomerId("warm-up").build());
		}
	}

	/** A customer-service pod: answers GetCustomer and counts the calls. */
	static final class Pod extends CustomerServiceGrpc.CustomerServiceImplBase {

		final AtomicInteger calls = new AtomicInteger();

		private Server server;

		void start() throws IOException {
			this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
				.addService(this)
				.build()
				.start();
		}

		InetSocketAddress address() {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.getPort());
		}

		void stop() {
			if (this.server != null) {
				this.server.shutdownNow();
			}
		}

		@Override
		public void getCustomer(GetCustomerRequest request, StreamObserver<Customer> responses) {
			this.calls.incrementAndGet();
			responses.onNext(Customer.newBuilder().setCustomerId(request.getCustomerId()).build());
			responses.onCompleted();
		}

	}

	/** Resolves {@code two-customer-pods:///anything} to both pods, as DNS does for a headless Service. */
	static final class TwoPodsResolverProvider extends NameResolverProvider {

		@Override
		public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
			if (!SCHEME.equals(targetUri.getScheme())) {
				return null;
			}
			return new NameResolver() {

				@Override
				public String getServiceAuthority() {
					return "customer-service-grpc";
				}

				@Override
				public void start(Listener2 listener) {
					List<SocketAddress> first = List.of(CustomerChannelLoadBalancingTests.first.address());
					List<SocketAddress> second = List.of(CustomerChannelLoadBalancingTests.second.address());
					listener.onResult(ResolutionResult.newBuilder()
						.setAddresses(List.of(new EquivalentAddressGroup(first), new EquivalentAddressGroup(second)))
						.build());
				}

				@Override
				public void shutdown() {
				}

			};
		}

		@Override
		public String getDefaultScheme() {
			return SCHEME;
		}

		@Override
		protected boolean isAvailable() {
			return true;
		}

		@Override
		protected int priority() {
			return 5;
		}

	}

}
