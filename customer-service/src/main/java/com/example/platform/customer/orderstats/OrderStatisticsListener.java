package com.example.platform.customer.orderstats;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes order events in the consumer group {@code customer-service} and keeps the order
 * statistics. Failures propagate to the starter's error handler (retries, then the dead-letter
 * topic). Credit release on cancel stays a synchronous gRPC call from order-service: it must be
 * done before the cancellation is confirmed, so it is not driven by this asynchronous consumer.
 */
@Component
class OrderStatisticsListener {

	static final String TOPIC = "platform.order.events.v1";

	static final String GROUP_ID = "customer-service";

	private static final Logger log = LoggerFactory.getLogger(OrderStatisticsListener.class);

	private final OrderStatisticsService statistics;

	OrderStatisticsListener(OrderStatisticsService statistics) {
		this.statistics = statistics;
	}

	// The value is raw protobuf whatever the global consumer configuration says: ce_type tells how to parse it
	@KafkaListener(id = "order-statistics", topics = TOPIC, groupId = GROUP_ID,
			properties = { "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
					"value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer" })
	void onOrderEvent(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
		String ceType = header(record, "ce_type");
		if (ceType == null) {
			throw new IllegalArgumentException("Record without ce_type header at " + position(record));
		}
		Optional<OrderStatisticsEvent> event = OrderEventMapper.toEvent(ceType, header(record, "ce_id"),
				(record.value() != null) ? record.value() : new byte[0]);
		if (event.isEmpty()) {
			log.debug("Ignoring order event of unknown type {} at {}", ceType, position(record));
			return;
		}
		this.statistics.record(event.get());
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String position(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
