package com.example.platform.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A token bucket per principal (the access token's subject), kept in Redis by Spring Cloud Gateway's
 * {@link RedisRateLimiter}: one bucket for the whole API, not one per route. Runs after authentication, so
 * every authenticated request is counted (routed or not); unauthenticated requests never reach it.
 * <p>
 * Every answer carries the limiter's {@code X-RateLimit-*} headers; a limited request is a 429 problem with
 * {@code Retry-After}. When Redis cannot be asked, {@code platform.gateway.rate-limit.when-redis-unavailable}
 * decides: {@code allow} lets the request through, {@code reject} answers 503 with {@code Retry-After}; both are
 * counted ({@value #UNAVAILABLE_METRIC}) and logged at most once per {@code unavailable-log-interval}.
 * <p>
 * Why not the stock {@code RequestRateLimiter} route filter: it answers an empty 429 without Retry-After, and it
 * can only fail open. {@link RedisRateLimiter} fails open by itself, answering "allowed, -1 tokens left"; that -1
 * (never a real bucket level) is how this filter tells that Redis was not reached.
 */
class PrincipalRateLimitWebFilter implements WebFilter, Ordered {

	/** After Spring Security's filter chain (order -100), which authenticates the request. */
	static final int ORDER = 0;

	static final String BUCKET_ID = "gateway";

	static final String UNAVAILABLE_METRIC = "gateway.rate.limit.redis.unavailable";

	private static final Logger log = LoggerFactory.getLogger(PrincipalRateLimitWebFilter.class);

	private final RateLimiter<?> limiter;

	private final RateLimitProperties properties;

	private final Counter allowedWithoutRedis;

	private final Counter rejectedWithoutRedis;

	private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong unloggedSince = new AtomicLong();

	PrincipalRateLimitWebFilter(RateLimiter<?> limiter, RateLimitProperties properties, MeterRegistry meters) {
		this.limiter = limiter;
		this.properties = properties;
		this.allowedWithoutRedis = Counter.builder(UNAVAILABLE_METRIC)
			.description("Requests the rate limiter could not check because Redis was unavailable")
			.tag("outcome", "allowed")
			.register(meters);
		this.rejectedWithoutRedis = Counter.builder(UNAVAILABLE_METRIC)
			.description("Requests the rate limiter could not check because Redis was unavailable")
			.tag("outcome", "rejected")
			.register(meters);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return exchange.getPrincipal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((principal) -> ((JwtAuthenticationToken) principal).getToken().getSubject())
			.flatMap((subject) -> this.limiter.isAllowed(BUCKET_ID, subject))
			.map((response) -> Decision.of(response, exchange))
			.defaultIfEmpty(Decision.NOT_LIMITED)
			.flatMap((decision) -> switch (decision) {
				case NOT_LIMITED, ALLOWED -> chain.filter(exchange);
				case LIMITED -> limited(exchange);
				case REDIS_UNAVAILABLE -> redisUnavailable(exchange, chain);
			});
	}

	private Mono<Void> limited(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		long remaining = parse(headers.getFirst(RedisRateLimiter.REMAINING_HEADER), 0);
		long missing = Math.max(1, this.properties.requestedTokens() - remaining);
		// Redis refills whole seconds' worth of tokens (the Lua script works on Redis' TIME in seconds)
		long retryAfter = Math.max(1, (missing + this.properties.replenishRate() - 1) / this.properties.replenishRate());
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		return Mono.error(new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS,
				"Too many requests for this principal; retry after " + retryAfter + " s."));
	}

	private Mono<Void> redisUnavailable(ServerWebExchange exchange, WebFilterChain chain) {
		boolean allow = this.properties.whenRedisUnavailable() == RateLimitProperties.WhenRedisUnavailable.ALLOW;
		(allow ? this.allowedWithoutRedis : this.rejectedWithoutRedis).increment();
		logAtMostOncePerInterval(allow);
		// The limiter's headers describe a bucket it could not read: none of them is true
		HttpHeaders headers = exchange.getResponse().getHeaders();
		for (String name : new String[] { RedisRateLimiter.REMAINING_HEADER, RedisRateLimiter.REPLENISH_RATE_HEADER,
				RedisRateLimiter.BURST_CAPACITY_HEADER, RedisRateLimiter.REQUESTED_TOKENS_HEADER }) {
			headers.remove(name);
		}
		if (allow) {
			return chain.filter(exchange);
		}
		long retryAfter = Math.max(1, this.properties.unavailableRetryAfter().toSeconds());
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		return Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
				"The rate limiter is unavailable; try again later."));
	}

	private void logAtMostOncePerInterval(boolean allow) {
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		long interval = this.properties.unavailableLogInterval().toNanos();
		this.unloggedSince.incrementAndGet();
		if ((last == Long.MIN_VALUE || now - last >= interval) && this.lastLogged.compareAndSet(last, now)) {
			long count = this.unloggedSince.getAndSet(0);
			log.warn("Redis is unavailable to the rate limiter: {} request(s) {} unchecked since the last report"
					+ " (platform.gateway.rate-limit.when-redis-unavailable={}); next report in {} at the earliest",
					count, allow ? "let through" : "rejected with 503", allow ? "allow" : "reject",
					Duration.ofNanos(interval));
		}
	}

	private static long parse(String value, long fallback) {
		try {
			return (value != null) ? Long.parseLong(value.trim()) : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	enum Decision {

		NOT_LIMITED, ALLOWED, LIMITED, REDIS_UNAVAILABLE;

		static Decision of(RateLimiter.Response response, ServerWebExchange exchange) {
			Map<String, String> headers = response.getHeaders();
			// RedisRateLimiter's answer when the script could not run: allowed, with -1 tokens left
			if ("-1".equals(headers.get(RedisRateLimiter.REMAINING_HEADER))) {
				return REDIS_UNAVAILABLE;
			}
			headers.forEach((name, value) -> exchange.getResponse().getHeaders().set(name, value));
			return response.isAllowed() ? ALLOWED : LIMITED;
		}

	}

}
