package com.example.platform.notification;

import com.example.platform.test.openapi.OpenApiDocumentGates;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The OpenAPI gates of notification-service's public REST API (contracts/README.md), in the shared integration-test
 * context.
 */
class OpenApiDocumentIT extends IntegrationTestSupport implements OpenApiDocumentGates {

	@LocalServerPort
	private int serverPort;

	@Override
	public String serviceName() {
		return "notification-service";
	}

	@Override
	public int serverPort() {
		return this.serverPort;
	}

}
