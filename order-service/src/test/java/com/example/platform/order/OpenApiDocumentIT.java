package com.example.platform.order;

import com.example.platform.test.openapi.OpenApiDocumentGates;

import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI gates of order-service's public REST API (contracts/README.md), in the shared integration-test context. */
class OpenApiDocumentIT extends OrderServiceITSupport implements OpenApiDocumentGates {

	@LocalServerPort
	private int serverPort;

	@Override
	public String serviceName() {
		return "order-service";
	}

	@Override
	public int serverPort() {
		return this.serverPort;
	}

}
