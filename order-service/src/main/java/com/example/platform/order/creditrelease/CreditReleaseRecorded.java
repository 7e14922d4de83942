package com.example.platform.order.creditrelease;

import java.util.UUID;

/** Application event: a pending credit release was written; delivered after the commit to wake the relay. */
record CreditReleaseRecorded(UUID orderId) {
}
