package com.example.platform.customer.orderstats;

import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

	// The value is raw protobuf whatever the global consumer configuration says, so a dead letter keeps the original
	// bytes. The envelope (CloudEvents attributes in ce_* headers, Kafka binding, binary mode) is read by the SDK: a
	// record without one fails with CloudEventRWException and goes to the dead-letter topic at once (the starter's
	// error handler); ce_type tells how to parse the value, ce_id is the deduplication key.
	@KafkaListener(id = "order-statistics", topics = TOPIC, groupId = GROUP_ID,
			properties = { "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
					"value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer" })
	void onOrderEvent(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
		CloudEvent envelope = KafkaMessageFactory.createReader(record).toEvent();
		byte[] payload = (envelope.getData() != null) ? envelope.getData().toBytes() : new byte[0];
		Optional<OrderStatisticsEvent> event = OrderEventMapper.toEvent(envelope.getType(), envelope.getId(), payload);
		if (event.isEmpty()) {
			log.debug("Ignoring order event of unknown type {} at {}", envelope.getType(), position(record));
			return;
		}
		this.statistics.record(event.get());
	}

	private static String position(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
