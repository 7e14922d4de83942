package com.example.platform.customer.credit;

import java.math.BigDecimal;
import java.util.UUID;

record CreditReservation(String orderId, UUID customerId, BigDecimal amount, ReservationStatus status,
		String reason) {
}
