package com.example.platform.starter.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the Kafka cluster answers a {@code describeCluster} within the timeout, DOWN otherwise.
 * One admin client, created on the first check and reused: a new client per probe would log its
 * whole configuration every few seconds. It reconnects by itself once the broker is back.
 */
final class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

	private final Map<String, Object> config;

	private final Duration timeout;

	private Admin admin;

	KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
		super("Kafka health check failed");
		this.timeout = timeout;
		this.config = new HashMap<>(adminConfig);
		int millis = (int) timeout.toMillis();
		// Each check gives up after the timeout instead of Kafka's default of a minute
		this.config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
		this.config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
		// A client id configured for the service's own admin would clash with this second client's metrics
		Object clientId = this.config.get(CommonClientConfigs.CLIENT_ID_CONFIG);
		if (clientId != null) {
			this.config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-health");
		}
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		int millis = (int) this.timeout.toMillis();
		DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis));
		try {
			String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
			int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
			builder.up().withDetail("clusterId", String.valueOf(clusterId)).withDetail("nodes", nodes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			builder.down(ex);
		}
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.config);
		}
		return this.admin;
	}

	@Override
	public synchronized void close() {
		if (this.admin != null) {
			this.admin.close(Duration.ZERO);
			this.admin = null;
		}
	}

}
