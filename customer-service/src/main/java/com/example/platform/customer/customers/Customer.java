package com.example.platform.customer.customers;

import java.math.BigDecimal;
import java.util.UUID;

/** A customer and the credit it has not yet committed to orders. Money has scale 2. */
public record Customer(UUID id, String name, String email, BigDecimal creditLimit, BigDecimal availableCredit) {
}
