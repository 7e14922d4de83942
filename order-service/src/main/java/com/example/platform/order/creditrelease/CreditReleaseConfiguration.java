package com.example.platform.order.creditrelease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CreditReleaseConfiguration {

	/** Compensations not yet delivered: alert when it stays above zero (customer-service or the issuer unreachable). */
	@Bean
	MeterBinder creditReleasePendingGauge(CreditReleaseRelay relay) {
		return (registry) -> Gauge.builder("platform.credit.release.pending", relay, CreditReleaseRelay::pendingReleases)
			.description("Compensating credit releases not yet answered by customer-service")
			.register(registry);
	}

}
