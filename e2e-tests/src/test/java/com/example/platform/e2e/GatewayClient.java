package com.example.platform.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a client of the platform does: JSON over HTTP, through the gateway only. */
final class GatewayClient {

	// HTTP/1.1 as most API clients speak it (the JDK's default would first try an h2c upgrade on plain http)
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final JsonMapper json = new JsonMapper();

	private final String baseUrl;

	private final String accessToken;

	/** A client of the platform as {@code accessToken}'s principal (null: no Authorization header). */
	GatewayClient(String baseUrl, String accessToken) {
		this.baseUrl = baseUrl;
		this.accessToken = accessToken;
	}

	/** The platform's command-line client, with every scope: the usual caller of these tests. */
	static GatewayClient asPlatformCli(RunningPlatform platform) {
		return new GatewayClient(platform.gatewayUrl(),
				platform.clientToken(RunningPlatform.CLIENT_ID, RunningPlatform.CLIENT_SECRET, RunningPlatform.ALL_SCOPES));
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of());
	}

	Response send(String method, String path, String body, Map<String, String> headers) {
		HttpRequest.BodyPublisher publisher = (body == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body);
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).method(method, publisher);
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		return send(builder, headers);
	}

	Response post(String path, String body) {
		return post(path, body, Map.of());
	}

	Response post(String path, String body, Map<String, String> headers) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	private Response send(HttpRequest.Builder builder, Map<String, String> headers) {
		if (this.accessToken != null && !headers.containsKey("Authorization")) {
			builder.header("Authorization", "Bearer " + this.accessToken);
		}
		headers.forEach(builder::setHeader);
		builder.timeout(Duration.ofSeconds(15));
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode body = (response.body().isBlank() || !contentType.contains("json")) ? null
					: this.json.readTree(response.body());
			return new Response(response.statusCode(), contentType,
					response.headers().firstValue("Location").orElse(null), body, response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to " + builder.build().uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create(this.baseUrl + path);
	}

	record Response(int status, String contentType, String location, JsonNode json, String text,
			java.net.http.HttpHeaders headers) {

		String field(String name) {
			JsonNode value = this.json.get(name);
			return (value == null || value.isNull()) ? null : value.asString();
		}

	}

}
