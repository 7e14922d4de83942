package com.example.platform.notification.orderevents;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.notification.NotificationService;
import com.example.platform.notification.NotificationType;
import com.example.platform.notification.OrderEvent;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
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
	void throwsOnARecordWithoutType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.listener.onOrderEvent(record(null, "e-4", new byte[0])))
			.withMessageContaining("ce_type");
		verifyNoInteractions(this.notifications);
	}

	private static ConsumerRecord<String, byte[]> record(String ceType, String ceId, byte[] value) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(OrderEventsListener.TOPIC, 0, 42L, "key", value);
		if (ceType != null) {
			record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
		}
		record.headers().add("ce_id", ceId.getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
