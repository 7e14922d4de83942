package com.example.platform.customer.credit;

/** The order id already has a credit decision for another customer. */
public class OrderOwnershipException extends RuntimeException {

	OrderOwnershipException(String orderId) {
		super("order " + orderId + " already has a credit decision for another customer");
	}

}
