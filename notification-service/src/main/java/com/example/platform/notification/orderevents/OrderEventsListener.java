package com.example.platform.notification.orderevents;

import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

	// The value is raw protobuf whatever the global consumer configuration says, so a dead letter keeps the original
	// bytes. The envelope (CloudEvents attributes in ce_* headers, Kafka binding, binary mode) is read by the SDK: a
	// record without one fails with CloudEventRWException and goes to the dead-letter topic at once (the starter's
	// error handler); ce_type tells how to parse the value, ce_id is the deduplication key.
	@KafkaListener(id = "order-events", topics = TOPIC, groupId = GROUP_ID,
			properties = { "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
					"value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer" })
	void onOrderEvent(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
		CloudEvent envelope = KafkaMessageFactory.createReader(record).toEvent();
		byte[] payload = (envelope.getData() != null) ? envelope.getData().toBytes() : new byte[0];
		Optional<OrderEvent> event = OrderEventMapper.toOrderEvent(envelope.getType(), envelope.getId(), payload);
		if (event.isEmpty()) {
			log.debug("Ignoring order event of unknown type {} at {}", envelope.getType(), position(record));
			return;
		}
		this.notifications.notifyCustomer(event.get());
	}

	private static String position(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
