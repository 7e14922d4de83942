package com.example.platform.cli.declaration;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartOrderTests {

	@Test
	void everyServiceStartsAfterTheServicesItCalls() {
		List<ServiceDeclaration> declared = List.of(service("gateway", "order-service", "customer-service"),
				service("order-service", "customer-service", "auth-server"), service("customer-service", "auth-server"),
				service("auth-server"));
		assertThat(StartOrder.of(declared)).extracting(ServiceDeclaration::name)
			.containsExactly("auth-server", "customer-service", "order-service", "gateway");
	}

	@Test
	void tiesKeepTheDeclarationOrder() {
		List<ServiceDeclaration> declared = List.of(service("zeta"), service("alpha"), service("mid", "alpha"),
				service("beta"));
		assertThat(StartOrder.of(declared)).extracting(ServiceDeclaration::name)
			.containsExactly("zeta", "alpha", "mid", "beta");
	}

	private static ServiceDeclaration service(String name, String... calls) {
		return new ServiceDeclaration(name, "d", 1, 2, OptionalInt.empty(), Optional.empty(), List.of(calls),
				List.of(), List.of(), Optional.empty());
	}

}
