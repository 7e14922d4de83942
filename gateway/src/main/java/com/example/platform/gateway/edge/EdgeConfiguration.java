package com.example.platform.gateway.edge;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Input limits and what the edge hides (see docs/security.md, "The gateway: the secure edge"). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeConfiguration {

	@Bean
	RequestTargetLimitWebFilter requestTargetLimitWebFilter(EdgeProperties properties) {
		return new RequestTargetLimitWebFilter(properties);
	}

	@Bean
	RequestBodyLimitWebFilter requestBodyLimitWebFilter(EdgeProperties properties) {
		return new RequestBodyLimitWebFilter(properties);
	}

	@Bean
	NotExposedWebFilter notExposedWebFilter() {
		return new NotExposedWebFilter();
	}

	@Bean
	DownstreamResponseHeadersFilter downstreamResponseHeadersFilter() {
		return new DownstreamResponseHeadersFilter();
	}

	@Bean
	InternalLocationHeadersFilter internalLocationHeadersFilter() {
		return new InternalLocationHeadersFilter();
	}

}
