package com.example.platform.starter.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsErrorWebExceptionHandlerTests {

	private final JsonMapper json = new JsonMapper();

	private final ProblemDetailsErrorWebExceptionHandler handler = new ProblemDetailsErrorWebExceptionHandler(
			new ProblemDetailsWriter(this.json, emptyTracer()));

	@Test
	void refusedConnectionToADownstreamIsA503WithRetryAfter() {
		MockServerWebExchange exchange = handle(new RuntimeException("wrapped",
				new ConnectException("Connection refused: order-service.internal/10.0.0.7:8082")));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode body = body(exchange);
		assertThat(body.get("status").asInt()).isEqualTo(503);
		assertThat(body.get("instance").asString()).isEqualTo("/api/orders");
		assertThat(body.toString()).doesNotContain("10.0.0.7").doesNotContain("order-service.internal");
	}

	@Test
	void unresolvableDownstreamHostIsA503() {
		MockServerWebExchange exchange = handle(new RuntimeException(new java.net.UnknownHostException("order-service")));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void timeoutIsA504() {
		MockServerWebExchange exchange = handle(new TimeoutException("took 30s"));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(body(exchange).get("status").asInt()).isEqualTo(504);
	}

	@Test
	void clientErrorsKeepTheirStatusAndDetail() {
		MockServerWebExchange exchange = handle(new ResponseStatusException(HttpStatus.NOT_FOUND, "No route"));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(body(exchange).get("detail").asString()).isEqualTo("No route");
	}

	@Test
	void serverErrorDetailsAreNotShown() {
		MockServerWebExchange exchange = handle(
				new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Unable to find instance for order-service"));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(body(exchange).toString()).doesNotContain("Unable to find instance");
	}

	@Test
	void unexpectedErrorsAreA500WithoutTheMessage() {
		MockServerWebExchange exchange = handle(new IllegalStateException("secret-internal-detail"));

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("secret-internal-detail");
	}

	@Test
	void isTheReactiveErrorHandlerByDefaultAndBacksOffForTheServicesOwn() {
		ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PlatformWebFluxProblemDetailsAutoConfiguration.class));
		runner.run(context -> assertThat(context).hasSingleBean(ProblemDetailsErrorWebExceptionHandler.class));
		runner.withUserConfiguration(OwnHandler.class).run(context -> {
			assertThat(context).doesNotHaveBean(ProblemDetailsErrorWebExceptionHandler.class);
			assertThat(context).hasSingleBean(ErrorWebExceptionHandler.class);
		});
	}

	private MockServerWebExchange handle(Throwable error) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/orders"));
		this.handler.handle(exchange, error).block();
		return exchange;
	}

	private JsonNode body(MockServerWebExchange exchange) {
		return this.json.readTree(exchange.getResponse().getBodyAsString().block());
	}

	@SuppressWarnings("unchecked")
	private static <T> ObjectProvider<T> emptyTracer() {
		return new org.springframework.beans.factory.support.StaticListableBeanFactory().getBeanProvider(
				(Class<T>) io.micrometer.tracing.Tracer.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandler {

		@Bean
		ErrorWebExceptionHandler ownHandler() {
			return (exchange, ex) -> Mono.empty();
		}

	}

}
