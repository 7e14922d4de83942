package com.example.platform.order.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.example.platform.order.OrderServiceITSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox backlog is visible where the platform scrapes metrics (the management port, no token). */
class OutboxMetricsIT extends OrderServiceITSupport {

	@Test
	void theBacklogAndTheAgeOfItsOldestEventArePrometheusGauges() throws Exception {
		HttpResponse<String> metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("platform_outbox_pending{")
			.contains("# TYPE platform_outbox_oldest_pending_age_seconds gauge")
			.contains("platform_outbox_oldest_pending_age_seconds{");
	}

}
