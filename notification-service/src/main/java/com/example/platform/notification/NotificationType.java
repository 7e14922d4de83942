package com.example.platform.notification;

/** What a notification tells the customer; one per kind of order event. */
public enum NotificationType {

	ORDER_PLACED, ORDER_REJECTED, ORDER_CANCELLED

}
