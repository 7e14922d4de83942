package com.example.platform.notification;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class OrderEventTests {

	private static final UUID ORDER = UUID.fromString("7f1c2a5e-0000-4000-8000-000000000001");

	private static final UUID CUSTOMER = UUID.fromString("7f1c2a5e-0000-4000-8000-000000000002");

	@Test
	void placedMessageNamesOrderAndTotal() {
		assertThat(event(NotificationType.ORDER_PLACED, null).message())
			.isEqualTo("Your order " + ORDER + " for 39.98 is confirmed.");
	}

	@Test
	void rejectedMessageGivesTheReasonWhenThereIsOne() {
		assertThat(event(NotificationType.ORDER_REJECTED, "insufficient credit").message())
			.isEqualTo("Your order " + ORDER + " for 39.98 was rejected: insufficient credit");
		assertThat(event(NotificationType.ORDER_REJECTED, null).message())
			.isEqualTo("Your order " + ORDER + " for 39.98 was rejected.");
	}

	@Test
	void cancelledMessage() {
		assertThat(event(NotificationType.ORDER_CANCELLED, null).message())
			.isEqualTo("Your order " + ORDER + " for 39.98 was cancelled.");
	}

	@Test
	void requiredFieldsAreRequired() {
		assertThatNullPointerException()
			.isThrownBy(() -> new OrderEvent(null, NotificationType.ORDER_PLACED, ORDER, CUSTOMER, BigDecimal.ONE, null, "alice"))
			.withMessage("eventId");
	}

	private static OrderEvent event(NotificationType type, String reason) {
		return new OrderEvent("e-1", type, ORDER, CUSTOMER, new BigDecimal("39.98"), reason, "alice");
	}

}
