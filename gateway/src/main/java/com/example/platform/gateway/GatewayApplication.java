package com.example.platform.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The platform's edge. Routing is configuration only (application.yaml): routes name services by their
 * logical id ({@code lb://order-service}) and the environment supplies the instances.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
