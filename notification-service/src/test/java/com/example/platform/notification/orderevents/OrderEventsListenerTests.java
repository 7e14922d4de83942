package com.example.platform.notification.orderevents;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.notification.NotificationService;
import com.example.platform.notification.NotificationType;
import com.example.platform.notification.OrderEvent;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class OrderEventsListenerTests {

	private final NotificationService notifications = mock(NotificationService.class);

	private final OrderEventsListener listener = new OrderEventsListener(this.notifications);

	@Test
	void dispatchesAKnownTypeToTheService() throws Exception {
		UUID orderId = UUID.randomUUID();
		byte[] payload = OrderPlaced.newBuilder()
			.setOrderId(orderId.toString())
			.setCustomerId(UUID.randomUUID().toString())
			.setTotal("39.98")
			.build()
			.toByteArray();

		this.listener.onOrderEvent(record("platform.order.events.v1.OrderPlaced", "e-1", payload));

		verify(this.notifications).notifyCustomer(argThat((OrderEvent event) -> event.eventId().equals("e-1")
				&& event.type() == NotificationType.ORDER_PLACED && event.orderId().equals(orderId)));
	}

	@Test
	void acknowledgesAnUnknownTypeWithoutEffect() throws Exception {
		this.listener.onOrderEvent(record("platform.order.events.v2.Whatever", "e-2", new byte[] { 0x0F }));

		verifyNoInteractions(this.notifications);
	}

	@Test
	void throwsOnAnUnparseablePayloadSoTheErrorHandlerCanDeadLetterIt() {
		assertThatExceptionOfType(InvalidProtocolBufferException.class).isThrownBy(() -> this.listener
			.onOrderEvent(record("platform.order.events.v1.OrderPlaced", "e-3", new byte[] { 0x0F, (byte) 0xFF })));
		verifyNoInteractions(this.notifications);
	}

	@Test
	void throwsOnARecordWithoutCloudEventsEnvelopeSoTheErrorHandlerDeadLettersItAtOnce() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(OrderEventsListener.TOPIC, 0, 42L, "key",
				new byte[0]);
		record.headers().add("ce_type", "platform.order.events.v1.OrderPlaced".getBytes(StandardCharsets.UTF_8));
		record.headers().add("ce_id", "e-4".getBytes(StandardCharsets.UTF_8)); // but no ce_specversion

		assertThatExceptionOfType(CloudEventRWException.class).isThrownBy(() -> this.listener.onOrderEvent(record));
		verifyNoInteractions(this.notifications);
	}

	@Test
	void throwsOnAnEnvelopeWithoutType() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(OrderEventsListener.TOPIC, 0, 42L, "key",
				new byte[0]);
		record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
		record.headers().add("ce_id", "e-5".getBytes(StandardCharsets.UTF_8));
		record.headers().add("ce_source", "/order-service".getBytes(StandardCharsets.UTF_8));

		assertThatException().isThrownBy(() -> this.listener.onOrderEvent(record)).withMessageContaining("type");
		verifyNoInteractions(this.notifications);
	}

	/** A record as the producer writes it: the envelope by the CloudEvents SDK's Kafka binding. */
	private static ConsumerRecord<String, byte[]> record(String ceType, String ceId, byte[] value) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(OrderEventsListener.TOPIC, 0, 42L, "key", value);
		CloudEvent event = CloudEventBuilder.v1()
			.withId(ceId)
			.withType(ceType)
			.withSource(URI.create("/order-service"))
			.withDataContentType("application/protobuf")
			.withData(value)
			.build();
		KafkaMessageFactory.createWriter(OrderEventsListener.TOPIC, "key").writeBinary(event).headers()
			.forEach(record.headers()::add);
		return record;
	}

}
