package com.example.platform.order.ordering;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The platform starter has already checked the token and the route's scope (application.yaml); every order
 * operation here is the caller's own: its orders only, another principal's order id answers 404.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	/**
	 * With an {@code Idempotency-Key}, a repeated request answers 200 with the order the first one
	 * placed (header {@code Idempotent-Replayed: true}); the first answers 201.
	 */
	@PostMapping
	@ApiResponse(responseCode = "201", description = "Placed; Location names the new order")
	@ApiResponse(responseCode = "200", description = "A repeated Idempotency-Key: the order the first request placed (Idempotent-Replayed: true)")
	ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@AuthenticationPrincipal Jwt caller) {
		List<OrderLine> lines = request.items().stream().map(PlaceOrderRequest.Item::toLine).toList();
		if (idempotencyKey != null) {
			if (!idempotencyKey.matches("[\\x21-\\x7E]{1,200}")) {
				throw OrderExceptions.invalidIdempotencyKey();
			}
			OrderService.Placement placement = this.orders.place(owner(caller), request.customerId(), lines,
					idempotencyKey);
			if (placement.replayed()) {
				return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(OrderResponse.of(placement.order()));
			}
			return created(placement.order());
		}
		return created(this.orders.place(owner(caller), request.customerId(), lines));
	}

	private static ResponseEntity<OrderResponse> created(Order order) {
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(order.id())
			.toUri();
		return ResponseEntity.created(location).body(OrderResponse.of(order));
	}

	@GetMapping("/{id}")
	OrderResponse get(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		return OrderResponse.of(this.orders.get(parseId(id), owner(caller)));
	}

	/** The caller's orders, of one customer when {@code customerId} is given; oldest first. */
	@GetMapping
	List<OrderResponse> find(@RequestParam(required = false) UUID customerId, @AuthenticationPrincipal Jwt caller) {
		return this.orders.find(owner(caller), customerId).stream().map(OrderResponse::of).toList();
	}

	@PostMapping("/{id}/cancel")
	OrderResponse cancel(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
		return OrderResponse.of(this.orders.cancel(parseId(id), owner(caller)));
	}

	/** The principal the order belongs to: the token's subject (the starter refuses a token without one). */
	private static String owner(Jwt caller) {
		return caller.getSubject();
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
