package com.example.platform.customer.credit;

import java.math.BigDecimal;

/** {@code released} is false when nothing was held for the order (any more). */
public record ReleaseResult(boolean released, BigDecimal availableCredit) {
}
