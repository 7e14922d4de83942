package com.example.platform.starter.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Why tokens were refused, in the log: once per reason (expired, signature, which claim...) and at most once per
 * interval per reason, with the number of refusals for that reason since the last line. A caller only learns
 * {@code invalid_token} (RFC 6750); a flood of bad tokens writes one line per reason and interval. A token that
 * could not be checked at all (the issuer's keys cannot be fetched) is not a refusal and is not logged here.
 */
final class RefusedTokenLog {

	private static final Logger log = LoggerFactory.getLogger(RefusedTokenLog.class);

	private static final int MAX_REASONS = 100;

	private final Duration interval;

	private final Clock clock;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	RefusedTokenLog(Duration interval, Clock clock) {
		this.interval = interval;
		this.clock = clock;
	}

	/** Records a refusal; returns whether it was written to the log. */
	boolean refused(JwtException refusal) {
		if (!(refusal instanceof BadJwtException)) {
			return false;
		}
		String reason = reason(refusal);
		if (this.windows.size() >= MAX_REASONS && !this.windows.containsKey(reason)) {
			reason = "other";
		}
		Instant now = this.clock.instant();
		Window window = this.windows.computeIfAbsent(reason, (key) -> new Window());
		long suppressed;
		synchronized (window) {
			window.count++;
			if (window.loggedAt != null && now.isBefore(window.loggedAt.plus(this.interval))) {
				return false;
			}
			suppressed = window.count - 1;
			window.count = 0;
			window.loggedAt = now;
		}
		if (suppressed > 0) {
			log.info("Refused bearer token: {} ({} more refused for this reason since the last line)", reason,
					suppressed);
		}
		else {
			log.info("Refused bearer token: {}", reason);
		}
		return true;
	}

	/** The refusal's reason without what varies per token (times, values): "Jwt expired at", "The iss claim...". */
	static String reason(JwtException refusal) {
		String text = (refusal instanceof JwtValidationException validation && !validation.getErrors().isEmpty())
				? validation.getErrors()
					.stream()
					.map((error) -> (error.getDescription() != null) ? error.getDescription() : error.getErrorCode())
					.map(RefusedTokenLog::withoutVaryingParts)
					.distinct()
					.collect(Collectors.joining("; "))
				: withoutVaryingParts(String.valueOf(refusal.getMessage()));
		return text.length() > 200 ? text.substring(0, 200) : text;
	}

	private static String withoutVaryingParts(String description) {
		int digit = 0;
		while (digit < description.length() && !Character.isDigit(description.charAt(digit))) {
			digit++;
		}
		return description.substring(0, digit).trim();
	}

	private static final class Window {

		private long count;

		private Instant loggedAt;

	}

	/** A {@link JwtDecoder} that logs its refusals. */
	static final class Servlet implements JwtDecoder {

		private final JwtDecoder delegate;

		private final RefusedTokenLog log;

		Servlet(JwtDecoder delegate, RefusedTokenLog log) {
			this.delegate = delegate;
			this.log = log;
		}

		@Override
		public Jwt decode(String token) throws JwtException {
			try {
				return this.delegate.decode(token);
			}
			catch (JwtException ex) {
				this.log.refused(ex);
				throw ex;
			}
		}

	}

	/** A {@link ReactiveJwtDecoder} that logs its refusals. */
	static final class Reactive implements ReactiveJwtDecoder {

		private final ReactiveJwtDecoder delegate;

		private final RefusedTokenLog log;

		Reactive(ReactiveJwtDecoder delegate, RefusedTokenLog log) {
			this.delegate = delegate;
			this.log = log;
		}

		@Override
		public Mono<Jwt> decode(String token) throws JwtException {
			return this.delegate.decode(token).doOnError(JwtException.class, this.log::refused);
		}

	}

}
