package com.example.platform.customer.orderstats;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What a customer's orders add up to, from the order events seen so far. Also the REST representation.
 *
 * @param placedTotal sum of the totals of placed (confirmed) orders, cancelled ones included
 * @param cancelledTotal sum of the totals of cancelled orders
 * @param activeTotal placed minus cancelled: what the customer's standing orders are worth
 */
record OrderStatistics(UUID customerId, long ordersPlaced, long ordersRejected, long ordersCancelled,
		BigDecimal placedTotal, BigDecimal cancelledTotal, BigDecimal activeTotal) {

	static OrderStatistics none(UUID customerId) {
		BigDecimal zero = new BigDecimal("0.00");
		return new OrderStatistics(customerId, 0, 0, 0, zero, zero, zero);
	}

}
