package com.example.platform.customer.customers;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses customer ids strictly: {@link UUID#fromString} also accepts short forms such as "1-2-3-4-5". */
public final class CustomerIds {

	private static final Pattern CANONICAL = Pattern
		.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

	private CustomerIds() {
	}

	public static Optional<UUID> parse(String value) {
		if (value == null || !CANONICAL.matcher(value).matches()) {
			return Optional.empty();
		}
		return Optional.of(UUID.fromString(value));
	}

}
