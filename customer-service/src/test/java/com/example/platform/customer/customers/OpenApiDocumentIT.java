package com.example.platform.customer.customers;

import com.example.platform.customer.CustomerServiceITSupport;
import com.example.platform.test.openapi.OpenApiDocumentGates;

import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI gates of customer-service's public REST API (contracts/README.md), in the shared integration-test context. */
class OpenApiDocumentIT extends CustomerServiceITSupport implements OpenApiDocumentGates {

	@LocalServerPort
	private int serverPort;

	@Override
	public String serviceName() {
		return "customer-service";
	}

	@Override
	public int serverPort() {
		return this.serverPort;
	}

}
