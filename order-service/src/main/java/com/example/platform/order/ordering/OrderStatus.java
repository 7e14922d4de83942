package com.example.platform.order.ordering;

enum OrderStatus {

	/** Credit is reserved for the order. */
	CONFIRMED,
	/** customer-service refused the credit; nothing is held. */
	REJECTED,
	/** Was confirmed; its credit has been released. */
	CANCELLED

}
