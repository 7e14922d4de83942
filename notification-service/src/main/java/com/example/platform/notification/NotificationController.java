package com.example.platform.notification;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	private final NotificationService notifications;

	NotificationController(NotificationService notifications) {
		this.notifications = notifications;
	}

	/**
	 * The caller's notifications of an order or a customer (both: those matching both), oldest first. Another
	 * principal's order or customer gives an empty list, like one without notifications: nothing tells the caller
	 * it exists. A malformed UUID fails the conversion and becomes a 400 problem in the starter's advice.
	 */
	@GetMapping
	List<Notification> find(@RequestParam(required = false) UUID orderId,
			@RequestParam(required = false) UUID customerId, @AuthenticationPrincipal Jwt caller) {
		if (orderId == null && customerId == null) {
			// Listing every customer's notifications is not an API we offer
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Give an orderId or a customerId parameter.");
		}
		// The token's subject: the starter refuses a token without one
		return this.notifications.find(caller.getSubject(), orderId, customerId);
	}

}
