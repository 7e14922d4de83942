package com.example.platform.customer.health;

import org.junit.jupiter.api.Test;

import com.example.platform.customer.CustomerServiceITSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database, not the broker (application.yaml says why): the service has a Kafka health
 * indicator, and leaving it out of the readiness group is a decision, not an absence.
 */
class ReadinessGroupIT extends CustomerServiceITSupport {

	@Autowired
	HealthEndpointGroups groups;

	@Autowired
	HealthContributorRegistry contributors;

	@Test
	void readinessIncludesTheDatabaseButNotTheBroker() {
		HealthEndpointGroup readiness = this.groups.get("readiness");
		assertThat(this.contributors.getContributor("kafka")).as("the kafka health indicator").isNotNull();
		assertThat(readiness.isMember("db")).as("db is a member of readiness").isTrue();
		assertThat(readiness.isMember("kafka")).as("kafka is a member of readiness").isFalse();
	}

}
