package com.example.platform.customer.orderstats;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.example.platform.customer.customers.CustomerIds;

/** Read-only: the statistics change only through order events. */
@RestController
class OrderStatisticsController {

	private final OrderStatisticsService statistics;

	OrderStatisticsController(OrderStatisticsService statistics) {
		this.statistics = statistics;
	}

	@GetMapping("/api/customers/{id}/order-statistics")
	OrderStatistics find(@PathVariable String id) {
		return CustomerIds.parse(id)
			.flatMap(this.statistics::find)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No customer " + id + "."));
	}

}
