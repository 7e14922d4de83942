package com.example.platform.customer.customers;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A customer and the credit it has not yet committed to orders. Money has scale 2.
 *
 * @param owner the token subject of the principal that created it; null for customers from before ownership (owned
 * by nobody)
 */
public record Customer(UUID id, String name, String email, BigDecimal creditLimit, BigDecimal availableCredit,
		String owner) {
}
