package com.example.platform.notification.orderevents;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.platform.notification.NotificationService;
import com.example.platform.notification.OrderEvent;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes order events and notifies the customer. Failures propagate to the starter's Kafka error handler (retry with
 * backoff, then the dead-letter topic); nothing is logged and skipped.
 */
@Component
class OrderEventsListener {

	static final String TOPIC = "platform.order.events.v1";

	static final String GROUP_ID = "notification-service";

	private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

	private final NotificationService notifications;

	OrderEventsListener(NotificationService notifications) {
		this.notifications = notifications;
	}

	// The value is raw protobuf whatever the global consumer configuration says: ce_type tells how to parse it
	@KafkaListener(id = "order-events", topics = TOPIC, groupId = GROUP_ID,
			properties = { "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
					"value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer" })
	void onOrderEvent(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
		String ceType = header(record, "ce_type");
		if (ceType == null) {
			throw new IllegalArgumentException("Record without ce_type header at " + position(record));
		}
		Optional<OrderEvent> event = OrderEventMapper.toOrderEvent(ceType, header(record, "ce_id"),
				(record.value() != null) ? record.value() : new byte[0]);
		if (event.isEmpty()) {
			log.debug("Ignoring order event of unknown type {} at {}", ceType, position(record));
			return;
		}
		this.notifications.notifyCustomer(event.get());
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String position(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
