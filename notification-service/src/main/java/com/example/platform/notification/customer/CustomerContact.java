package com.example.platform.notification.customer;

import java.util.UUID;

/** How to reach a customer: the part of customer-service's customer this service needs. */
public record CustomerContact(UUID id, String name, String email) {
}
