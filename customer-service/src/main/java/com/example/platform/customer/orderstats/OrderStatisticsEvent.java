package com.example.platform.customer.orderstats;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * An order event as the statistics need it.
 *
 * @param eventId the CloudEvents id (ce_id), the deduplication key
 */
record OrderStatisticsEvent(String eventId, OrderEventKind kind, UUID orderId, UUID customerId, BigDecimal total) {

	OrderStatisticsEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(customerId, "customerId");
		Objects.requireNonNull(total, "total");
	}

}
