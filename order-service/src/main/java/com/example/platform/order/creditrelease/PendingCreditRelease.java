package com.example.platform.order.creditrelease;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code pending_credit_release}, as claimed for an attempt.
 *
 * @param attempts the calls made so far, this one included
 */
record PendingCreditRelease(UUID orderId, UUID customerId, int attempts, Instant createdAt) {
}
