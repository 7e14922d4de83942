package com.example.platform.customer.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

@Configuration(proxyBeanMethods = false)
class ScopeConfiguration {

	/**
	 * {@code customers.read.all} includes {@code customers.read}: the route rules in application.yaml ask for
	 * {@code customers.read}, and a machine client that may read any customer passes them without also holding the
	 * per-principal scope. Which customers it then sees is decided by {@link Caller#mayRead}.
	 */
	@Bean
	static RoleHierarchy scopeHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("SCOPE_" + Caller.READ_ANY_CUSTOMER + " > SCOPE_customers.read");
	}

}
