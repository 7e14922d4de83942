package com.example.platform.customer.credit;

import java.math.BigDecimal;

/** The answer to a reservation; {@code reason} is empty when reserved. */
public record ReservationResult(boolean reserved, String reason, BigDecimal availableCredit) {
}
