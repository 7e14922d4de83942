package com.example.platform.test;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig(PlatformInfrastructureIT.Empty.class)
@UsePostgres
@UseKafka
@UseRedis
class PlatformInfrastructureIT {

	@Autowired
	Environment environment;

	@Test
	void pointsTheContextAtAFreshDatabaseOfItsOwn() throws Exception {
		String url = this.environment.getRequiredProperty("spring.datasource.url");
		assertThat(url).startsWith("jdbc:postgresql://").contains("/ptest_");
		try (Connection connection = DriverManager.getConnection(url,
				this.environment.getProperty("spring.datasource.username"),
				this.environment.getProperty("spring.datasource.password"));
				Statement statement = connection.createStatement()) {
			ResultSet tables = statement.executeQuery(
					"select count(*) from information_schema.tables where table_schema = 'public'");
			tables.next();
			assertThat(tables.getInt(1)).as("a new database has no tables").isZero();
		}
	}

	@Test
	void everyNewDatabaseIsDistinct() {
		Database first = PlatformInfrastructure.newDatabase("ptest");
		Database second = PlatformInfrastructure.newDatabase("ptest");
		assertThat(first.name()).isNotEqualTo(second.name());
		assertThat(first.url()).endsWith("/" + first.name());
	}

	@Test
	void providesAWorkingKafkaBroker() throws Exception {
		String bootstrap = this.environment.getRequiredProperty("spring.kafka.bootstrap-servers");
		assertThat(bootstrap).isEqualTo(PlatformInfrastructure.kafkaBootstrapServers());
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
		}
	}

	@Test
	void providesARedisThatAnswers() {
		InetSocketAddress redis = PlatformInfrastructure.redis();
		assertThat(this.environment.getProperty("spring.data.redis.port", Integer.class)).isEqualTo(redis.getPort());
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
