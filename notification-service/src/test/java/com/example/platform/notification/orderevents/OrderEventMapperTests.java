package com.example.platform.notification.orderevents;

import java.math.BigDecimal;
import java.util.UUID;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

import com.example.platform.contracts.order.events.v1.OrderCancelled;
import com.example.platform.contracts.order.events.v1.OrderPlaced;
import com.example.platform.contracts.order.events.v1.OrderRejected;
import com.example.platform.notification.NotificationType;
import com.example.platform.notification.OrderEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderEventMapperTests {

	private final UUID orderId = UUID.randomUUID();

	private final UUID customerId = UUID.randomUUID();

	@Test
	void typesAreTheFullProtoMessageNames() {
		assertThat(OrderEventMapper.ORDER_PLACED).isEqualTo("platform.order.events.v1.OrderPlaced");
		assertThat(OrderEventMapper.ORDER_REJECTED).isEqualTo("platform.order.events.v1.OrderRejected");
		assertThat(OrderEventMapper.ORDER_CANCELLED).isEqualTo("platform.order.events.v1.OrderCancelled");
	}

	@Test
	void mapsOrderPlacedWithMoneyAtScaleTwoAndItsOwner() throws Exception {
		byte[] payload = OrderPlaced.newBuilder()
			.setOrderId(this.orderId.toString())
			.setCustomerId(this.customerId.toString())
			.setTotal("39.9")
			.setOwner("alice")
			.build()
			.toByteArray();

		assertThat(OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_PLACED, "e-1", payload))
			.hasValue(new OrderEvent("e-1", NotificationType.ORDER_PLACED, this.orderId, this.customerId,
					new BigDecimal("39.90"), null, "alice"));
	}

	@Test
	void anEventFromBeforeOwnershipHasNoOwner() throws Exception {
		byte[] payload = OrderPlaced.newBuilder()
			.setOrderId(this.orderId.toString())
			.setCustomerId(this.customerId.toString())
			.setTotal("1.00")
			.build()
			.toByteArray();

		assertThat(OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_PLACED, "e-8", payload))
			.hasValueSatisfying((event) -> assertThat(event.owner()).isNull());
	}

	@Test
	void mapsOrderRejectedWithItsReason() throws Exception {
		byte[] payload = OrderRejected.newBuilder()
			.setOrderId(this.orderId.toString())
			.setCustomerId(this.customerId.toString())
			.setTotal("5000.00")
			.setReason("insufficient credit")
			.setOwner("bob")
			.build()
			.toByteArray();

		assertThat(OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_REJECTED, "e-2", payload))
			.hasValueSatisfying((event) -> {
				assertThat(event.type()).isEqualTo(NotificationType.ORDER_REJECTED);
				assertThat(event.reason()).isEqualTo("insufficient credit");
				assertThat(event.owner()).isEqualTo("bob");
			});
	}

	@Test
	void mapsOrderCancelled() throws Exception {
		byte[] payload = OrderCancelled.newBuilder()
			.setOrderId(this.orderId.toString())
			.setCustomerId(this.customerId.toString())
			.setTotal("10.00")
			.setOwner("carol")
			.build()
			.toByteArray();

		assertThat(OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_CANCELLED, "e-3", payload))
			.hasValueSatisfying((event) -> {
				assertThat(event.type()).isEqualTo(NotificationType.ORDER_CANCELLED);
				assertThat(event.owner()).isEqualTo("carol");
			});
	}

	@Test
	void anUnknownTypeIsNotParsed() throws Exception {
		assertThat(OrderEventMapper.toOrderEvent("platform.order.events.v1.OrderShipped", "e-4", new byte[] { 0x0F }))
			.isEmpty();
	}

	@Test
	void anUnparseablePayloadThrows() {
		assertThatExceptionOfType(InvalidProtocolBufferException.class)
			.isThrownBy(() -> OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_PLACED, "e-5",
					new byte[] { 0x0F, (byte) 0xFF, 0x01 }));
	}

	@Test
	void anEventWithoutValidIdsThrows() {
		// An empty payload parses to a message whose fields are all empty
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_PLACED, "e-6", new byte[0]))
			.withMessageContaining("order_id");
	}

	@Test
	void anEventWithoutCeIdThrows() {
		byte[] payload = OrderCancelled.newBuilder()
			.setOrderId(this.orderId.toString())
			.setCustomerId(this.customerId.toString())
			.setTotal("10.00")
			.build()
			.toByteArray();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_CANCELLED, null, payload))
			.withMessageContaining("ce_id");
	}

	@Test
	void aMalformedTotalThrows() {
		byte[] payload = OrderPlaced.newBuilder()
			.setOrderId(this.orderId.toString())
			.setCustomerId(this.customerId.toString())
			.setTotal("lots")
			.build()
			.toByteArray();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> OrderEventMapper.toOrderEvent(OrderEventMapper.ORDER_PLACED, "e-7", payload))
			.withMessageContaining("total");
	}

}
