package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
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
		given(this.outbox.claimPending(eq(3), any(), any())).willReturn(List.of(this.first, this.second, this.third));
		given(this.kafka.send(any(ProducerRecord.class))).willReturn(acked(), CompletableFuture.failedFuture(
				new TimeoutException("broker down")));

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.FAILED);

		verify(this.outbox).markPublished(this.first);
		verify(this.outbox, never()).markPublished(this.second);
		verify(this.outbox, never()).markPublished(this.third);
	}

	@Test
	void recordsCarryTheCloudEventsHeadersAndTheAggregateAsKey() {
		given(this.outbox.claimPending(eq(3), any(), any())).willReturn(List.of(this.first));
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
		assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(this.first.createdAt());
		assertThat(header(record, "ce_subject")).isEqualTo("order-1");
		assertThat(header(record, "content-type")).isEqualTo("application/protobuf");
		verify(this.outbox).markPublished(this.first);
	}

	// Rows another instance holds (and the later rows of their keys) are not claimable: the claim finds nothing
	@Test
	void anotherInstanceHoldingThePendingRowsMeansNothingToDo() {
		given(this.outbox.claimPending(eq(3), any(), any())).willReturn(List.of());

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.IDLE);

		verify(this.kafka, never()).send(any(ProducerRecord.class));
	}

	@Test
	void aKeysNextEventIsSentOnlyOnceTheOneBeforeIsAcknowledged() {
		OutboxRow a1 = row(1, "order-a");
		OutboxRow b1 = row(2, "order-b");
		OutboxRow a2 = row(3, "order-a");
		given(this.outbox.claimPending(eq(3), any(), any())).willReturn(List.of(a1, b1, a2));
		List<CompletableFuture<SendResult<String, byte[]>>> acknowledgements = new ArrayList<>();
		List<Boolean> previousOfKeyAcknowledged = new ArrayList<>();
		given(this.kafka.send(any(ProducerRecord.class))).willAnswer((invocation) -> {
			if (header(invocation.getArgument(0), "ce_id").equals(a2.id().toString())) {
				previousOfKeyAcknowledged.add(acknowledgements.getFirst().isDone());
			}
			CompletableFuture<SendResult<String, byte[]>> acknowledgement = ackedLater();
			acknowledgements.add(acknowledgement);
			return acknowledgement;
		});

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.FULL_BATCH);

		assertThat(sentIds()).containsExactly(a1.id().toString(), b1.id().toString(), a2.id().toString());
		assertThat(previousOfKeyAcknowledged).as("a1 acknowledged when a2 was sent").containsExactly(true);
		verify(this.outbox).markPublished(a1);
		verify(this.outbox).markPublished(b1);
		verify(this.outbox).markPublished(a2);
	}

	@Test
	void aFailedSendKeepsTheLaterEventsOfItsKeyPendingAndUnsent() {
		OutboxRow a1 = row(1, "order-a");
		OutboxRow b1 = row(2, "order-b");
		OutboxRow a2 = row(3, "order-a");
		given(this.outbox.claimPending(eq(3), any(), any())).willReturn(List.of(a1, b1, a2));
		given(this.kafka.send(any(ProducerRecord.class))).willReturn(failedLater(), acked());

		assertThat(this.relay.relayPending()).isEqualTo(OutboxRelay.Pass.FAILED);

		assertThat(sentIds()).as("a2 is not sent after a1 failed").containsExactly(a1.id().toString(), b1.id().toString());
		verify(this.outbox).markPublished(b1);
		verify(this.outbox, never()).markPublished(a1);
		verify(this.outbox, never()).markPublished(a2);
		verify(this.outbox).releaseClaims(eq(List.of(a1, a2)), any());
	}

	private List<String> sentIds() {
		@SuppressWarnings("unchecked")
		ArgumentCaptor<ProducerRecord<String, byte[]>> sent = ArgumentCaptor.forClass(ProducerRecord.class);
		verify(this.kafka, atLeast(0)).send(sent.capture());
		return sent.getAllValues().stream().map((record) -> header(record, "ce_id")).toList();
	}

	private static CompletableFuture<SendResult<String, byte[]>> ackedLater() {
		return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
	}

	private static CompletableFuture<SendResult<String, byte[]>> failedLater() {
		return CompletableFuture.supplyAsync(() -> {
			throw new TimeoutException("no acknowledgement in time");
		}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
	}

	private static CompletableFuture<SendResult<String, byte[]>> acked() {
		return CompletableFuture.completedFuture(null);
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static OutboxRow row(int n) {
		return row(n, "order-" + n);
	}

	private static OutboxRow row(int n, String aggregateId) {
		return new OutboxRow(UUID.randomUUID(), n, aggregateId, "test.Event", new byte[] { (byte) n }, null,
				Instant.parse("2026-11-22T10:15:30.123456Z"));
	}

}
