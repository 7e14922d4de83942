package com.example.platform.cli.declaration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order ./platform up starts the services in: each after every service it calls (its callees must answer for it
 * to become ready), ties in declaration order, so the file's order decides whatever the calls leave open.
 */
final class StartOrder {

	private StartOrder() {
	}

	/** Needs calls without cycles to declared services only ({@link DeclarationRules}). */
	static List<ServiceDeclaration> of(List<ServiceDeclaration> declared) {
		Set<String> started = new LinkedHashSet<>();
		List<ServiceDeclaration> order = new ArrayList<>();
		while (order.size() < declared.size()) {
			ServiceDeclaration next = declared.stream()
				.filter((service) -> !started.contains(service.name()) && started.containsAll(service.calls()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("calls have a cycle or an undeclared service"));
			started.add(next.name());
			order.add(next);
		}
		return order;
	}

}
