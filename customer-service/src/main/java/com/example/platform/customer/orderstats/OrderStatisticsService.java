package com.example.platform.customer.orderstats;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Keeps order statistics per customer, exactly once per event. */
@Service
class OrderStatisticsService {

	private static final Logger log = LoggerFactory.getLogger(OrderStatisticsService.class);

	private final OrderStatisticsRepository repository;

	OrderStatisticsService(OrderStatisticsRepository repository) {
		this.repository = repository;
	}

	/**
	 * Counts the event unless it was counted already: the processed-event record and the
	 * statistics change commit in one transaction, so a redelivery finds the first and skips.
	 * @return whether the statistics changed
	 */
	@Transactional
	boolean record(OrderStatisticsEvent event) {
		if (!this.repository.markProcessed(event)) {
			log.debug("Order event {} already counted, skipping", event.eventId());
			return false;
		}
		this.repository.apply(event);
		return true;
	}

	/** Empty when there is no such customer; zeros for a customer without orders yet. */
	@Transactional(readOnly = true)
	Optional<OrderStatistics> find(UUID customerId) {
		Optional<OrderStatistics> statistics = this.repository.find(customerId);
		if (statistics.isPresent() || !this.repository.customerExists(customerId)) {
			return statistics;
		}
		return Optional.of(OrderStatistics.none(customerId));
	}

}
