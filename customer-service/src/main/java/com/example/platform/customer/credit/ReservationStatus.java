package com.example.platform.customer.credit;

enum ReservationStatus {

	/** The amount is held: it was subtracted from the available credit. */
	RESERVED,
	/** Not enough credit when asked; nothing is held, and a retry gets the same answer. */
	REFUSED,
	/** Held once and given back, or released before any reservation (a tombstone with amount 0). */
	RELEASED

}
