package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class OutboxRelayTests {

	private final OutboxRepository outbox = mock();

	@SuppressWarnings("unchecked")
	private final KafkaOperations<String, byte[]> kafka = mock(KafkaOperations.class);

	private final OutboxRelay relay = new OutboxRelay(this.outbox, mock(PlatformTransactionManager.class), this.kafka,
			new OutboxProperties("orders", Duration.ofMillis(100), 3, Duration.ofSeconds(1), Duration.ofSeconds(1),
					Duration.ofDays(7)),
			Tracer.NOOP, Propagator.NOOP);

	private final OutboxRow first = row(1);

	private final OutboxRow second = row(2);

	private final OutboxRow third = row(3);

	@Test
	void aBrokerFailureStopsThePassAndKeepsTheRestPending() {
		given(this.outbox.tryLockRelay()).willReturn(true);
		given(this.outbox.lockPending(3)).willReturn(List.of(this.first, this.second, this.third));
		given(this.kafka.send(any(ProducerRecord.class))).willReturn(acked(), CompletableFuture.failedFuture(
				new TimeoutException("broker down")));

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.FAILED);

		verify(this.outbox).markPublished(this.first);
		verify(this.outbox, never()).markPublished(this.second);
		verify(this.outbox, never()).markPublished(this.third);
	}

	@Test
	void recordsCarryTheCloudEventsHeadersAndTheAggregateAsKey() {
		given(this.outbox.tryLockRelay()).willReturn(true);
		given(this.outbox.lockPending(3)).willReturn(List.of(this.first));
		given(this.kafka.send(any(ProducerRecord.class))).willReturn(acked());

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.PARTIAL_BATCH);

		@SuppressWarnings("unchecked")
		ArgumentCaptor<ProducerRecord<String, byte[]>> sent = ArgumentCaptor.forClass(ProducerRecord.class);
		verify(this.kafka).send(sent.capture());
		ProducerRecord<String, byte[]> record = sent.getValue();
		assertThat(record.topic()).isEqualTo("orders");
		assertThat(record.key()).isEqualTo("order-1");
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_id")).isEqualTo(this.first.id().toString());
		assertThat(header(record, "ce_type")).isEqualTo("test.Event");
		assertThat(header(record, "ce_source")).isEqualTo("/order-service");
		assertThat(header(record, "ce_time")).isEqualTo(this.first.createdAt().toString());
		assertThat(header(record, "ce_subject")).isEqualTo("order-1");
		assertThat(header(record, "content-type")).isEqualTo("application/protobuf");
		verify(this.outbox).markPublished(this.first);
	}

	@Test
	void anotherInstanceHoldingTheRelayLockMeansNothingToDo() {
		given(this.outbox.tryLockRelay()).willReturn(false);

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.IDLE);

		verify(this.outbox, never()).lockPending(anyInt());
	}

	private static CompletableFuture<SendResult<String, byte[]>> acked() {
		return CompletableFuture.completedFuture(null);
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static OutboxRow row(int n) {
		return new OutboxRow(UUID.randomUUID(), n, "order-" + n, "test.Event", new byte[] { (byte) n }, null,
				Instant.parse("2026-11-22T10:15:30.123456Z"));
	}

}
