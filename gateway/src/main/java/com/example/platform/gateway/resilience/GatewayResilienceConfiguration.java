package com.example.platform.gateway.resilience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The routes' circuit breakers get the platform's defaults, the same as the services' downstreams (docs/resilience.md):
 * a count window of 20 calls, judged after 10, open at 50% failures for 5 s, 3 trial calls. They are Resilience4j's own
 * properties, {@code resilience4j.circuitbreaker.configs.default} (in the starter's defaults.properties), which Spring
 * Cloud CircuitBreaker uses for every breaker it creates (one per route); the gateway's application.yaml adds what is
 * not a failure of the service ({@code ignore-exceptions}):
 * <ul>
 * <li>{@link CallerBudgetExceededException}: a trusted caller's own budget, smaller than the route's, ran out; the
 * caller gave up, the service did not fail. A timeout at the route's own budget still counts;</li>
 * <li>{@code BulkheadFullException}: the gateway's own concurrency limit (below).</li>
 * </ul>
 * What Spring Cloud CircuitBreaker adds around each route call by default is set out of the way, because
 * it cost every request work and, worse, failed healthy routes (measured in docs/benchmarks.md):
 * <ul>
 * <li>its semaphore bulkhead of 25 concurrent calls per route, without waiting: the 26th concurrent request
 * got a 503, and since the breaker counted that rejection as a failure of the service, a burst of more than
 * 25 concurrent clients opened the breaker and failed the whole route for 5 s (64 concurrent clients: 99.9 %
 * 503s). The services shed their own load (503 + Retry-After, per instance); the gateway's route limit is 10000
 * ({@code resilience4j.bulkhead.configs.default.max-concurrent-calls} in application.yaml), and a full one is never
 * counted against the service;</li>
 * <li>its time limiter: a timer scheduled and cancelled per request. The route's {@code response-timeout}
 * (its time budget) is the time limit, enforced by the gateway's HTTP client, so the limiter is off
 * ({@code spring.cloud.circuitbreaker.resilience4j.disable-time-limiter}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayResilienceProperties.class)
class GatewayResilienceConfiguration {

}
