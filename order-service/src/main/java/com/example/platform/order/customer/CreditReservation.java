package com.example.platform.order.customer;

/** The answer of customer-service to a credit reservation for an order. */
public sealed interface CreditReservation {

	/** The amount is held for the order. */
	record Reserved() implements CreditReservation {
	}

	/** A normal business refusal, e.g. not enough credit. */
	record Refused(String reason) implements CreditReservation {
	}

	/** customer-service does not know the customer. */
	record UnknownCustomer() implements CreditReservation {
	}

}
