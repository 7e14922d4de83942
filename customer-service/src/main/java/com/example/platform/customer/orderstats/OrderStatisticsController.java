package com.example.platform.customer.orderstats;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.example.platform.customer.customers.CustomerIds;
import com.example.platform.customer.customers.CustomerService;
import com.example.platform.customer.security.Caller;

/** Read-only: the statistics change only through order events. */
@RestController
class OrderStatisticsController {

	private final OrderStatisticsService statistics;

	private final CustomerService customers;

	OrderStatisticsController(OrderStatisticsService statistics, CustomerService customers) {
		this.statistics = statistics;
		this.customers = customers;
	}

	/**
	 * The statistics of the caller's own customer; another principal's customer is a 404 like an unknown one. A
	 * caller with scope customers.read.all reads any customer's, including statistics of ids customer-service does
	 * not know (events are counted as they come).
	 */
	@GetMapping("/api/customers/{id}/order-statistics")
	OrderStatistics find(@PathVariable String id, JwtAuthenticationToken token) {
		Caller caller = Caller.of(token);
		return CustomerIds.parse(id)
			.filter((customerId) -> caller.readsAnyCustomer() || this.customers.isVisibleTo(customerId, caller))
			.flatMap(this.statistics::find)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No customer " + id + "."));
	}

}
