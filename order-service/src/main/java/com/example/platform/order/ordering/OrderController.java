package com.example.platform.order.ordering;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping
	ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request) {
		Order order = this.orders.place(request.customerId(),
				request.items().stream().map(PlaceOrderRequest.Item::toLine).toList());
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(order.id())
			.toUri();
		return ResponseEntity.created(location).body(OrderResponse.of(order));
	}

	@GetMapping("/{id}")
	OrderResponse get(@PathVariable String id) {
		return OrderResponse.of(this.orders.get(parseId(id)));
	}

	@GetMapping
	List<OrderResponse> findByCustomer(@RequestParam UUID customerId) {
		return this.orders.findByCustomer(customerId).stream().map(OrderResponse::of).toList();
	}

	@PostMapping("/{id}/cancel")
	OrderResponse cancel(@PathVariable String id) {
		return OrderResponse.of(this.orders.cancel(parseId(id)));
	}

	// A malformed id names no order: 404, like an unknown one
	private static UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw OrderExceptions.orderNotFound(id);
		}
	}

}
