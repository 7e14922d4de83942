package com.example.platform.customer.orderstats;

/** The order events that change a customer's statistics. */
enum OrderEventKind {

	PLACED, REJECTED, CANCELLED

}
