package com.example.platform.order.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * DESIGN.md section 6: "The relay never holds a database transaction, row lock or advisory lock while it waits on
 * the network". While the relay waits on Kafka, this test looks at the relay's database from another session: no
 * session of it has a transaction open or holds any lock, and every pending row can be locked at once (NOWAIT).
 * A relay that sends inside its transaction (as the relay before the split did) fails all three.
 */
class OutboxRelayHoldsNothingIT {

	/** The broker takes the records but its acknowledgements do not come until the test gives them. */
	@Test
	void nothingIsHeldWhileTheRelayWaitsForAcknowledgements() throws Exception {
		Outbox outbox = Outbox.create();
		List<OutboxRow> rows = List.of(row("order-a"), row("order-b"), row("order-a"), row("order-c"));
		outbox.insert(rows);
		HeldAcknowledgements broker = new HeldAcknowledgements();
		OutboxRelay relay = outbox.relay(broker.kafka, "held-acks", Duration.ofSeconds(20));
		relay.start();
		try {
			await(() -> !broker.sent.isEmpty(), Duration.ofSeconds(10), "the relay to send");
			Thread.sleep(300); // the relay is now waiting for the acknowledgements
			outbox.assertHoldsNothing(rows.size());

			// The acknowledgements come: everything is published, and a key's next event went out only after
			// the acknowledgement of the one before it
			await(() -> {
				broker.acknowledgeAll();
				return outbox.pending() == 0;
			}, Duration.ofSeconds(10), "the relay to mark the acknowledged rows published");
		}
		finally {
			relay.stop();
		}
		assertThat(broker.sentBeforeThePreviousOfItsKeyWasAcknowledged).as("records sent ahead of their key's order")
			.hasValue(0);
		assertThat(broker.sent.stream()
			.filter((record) -> "order-a".equals(record.key()))
			.map(OutboxRelayHoldsNothingIT::ceId))
			.as("order-a's events, in the order they were sent")
			.containsExactly(rows.get(0).id().toString(), rows.get(2).id().toString());
	}

	/** The broker accepts the connection and never answers: the producer blocks on metadata (max.block.ms). */
	@Test
	void nothingIsHeldWhileTheBrokerDoesNotAnswer() throws Exception {
		Outbox outbox = Outbox.create();
		List<OutboxRow> rows = List.of(row("order-a"), row("order-b"), row("order-a"));
		outbox.insert(rows);
		try (SilentBroker silent = new SilentBroker()) {
			DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
					ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, silent.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
					ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000), new StringSerializer(), new ByteArraySerializer());
			OutboxRelay relay = outbox.relay(new KafkaTemplate<>(producers), "silent-broker", Duration.ofSeconds(10));
			relay.start();
			try {
				await(() -> silent.connections.get() > 0, Duration.ofSeconds(10), "the relay's producer to connect");
				Thread.sleep(300); // well inside max.block.ms: the relay is waiting on the broker
				outbox.assertHoldsNothing(rows.size());
			}
			finally {
				relay.stop();
				silent.close(); // first: a producer waiting on a silent broker is slow to close
				producers.destroy();
			}
		}
		assertThat(outbox.pending()).as("nothing lost: the events wait for the broker").isEqualTo(rows.size());
	}

	private static OutboxRow row(String aggregateId) {
		return new OutboxRow(UUID.randomUUID(), 0, aggregateId, "test.Event",
				aggregateId.getBytes(StandardCharsets.UTF_8), null, Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

	private static String ceId(ProducerRecord<String, byte[]> record) {
		return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
	}

	private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited " + timeout + " for " + what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/** A database of its own: only the relay and this test's checks connect to it. */
	private record Outbox(OutboxRepository repository, JdbcTransactionManager transactionManager, JdbcClient jdbc) {

		static Outbox create() {
			Database database = PlatformInfrastructure.newDatabase("order_outbox_holds");
			Flyway.configure().dataSource(database.url(), database.username(), database.password()).load().migrate();
			// No pool: a connection exists only while the relay uses it
			DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
					database.password());
			return new Outbox(new OutboxRepository(JdbcClient.create(dataSource)), new JdbcTransactionManager(dataSource),
					JdbcClient.create(dataSource));
		}

		void insert(List<OutboxRow> rows) {
			new TransactionTemplate(this.transactionManager)
				.executeWithoutResult((status) -> rows.forEach(this.repository::insert));
		}

		OutboxRelay relay(KafkaOperations<String, byte[]> kafka, String topic, Duration sendTimeout) {
			return new OutboxRelay(this.repository, this.transactionManager, kafka,
					new OutboxProperties(topic, Duration.ofMillis(50), 100, sendTimeout, Duration.ofMillis(200),
							Duration.ofDays(7)),
					Tracer.NOOP, Propagator.NOOP);
		}

		long pending() {
			return this.jdbc.sql("select count(*) from outbox_event where published_at is null").query(Long.class).single();
		}

		/** Looks from another session, in the middle of the relay's wait on the network. */
		void assertHoldsNothing(int pendingRows) {
			assertThat(this.jdbc.sql("""
					select count(*) from pg_stat_activity
					where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null""")
				.query(Long.class)
				.single()).as("sessions of the relay's database with a transaction open").isZero();
			assertThat(this.jdbc.sql("""
					select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
					where a.datname = current_database() and l.pid <> pg_backend_pid()""")
				.query(Long.class)
				.single()).as("locks (row, table, advisory) held by other sessions of the relay's database").isZero();
			Integer lockedAtOnce = new TransactionTemplate(this.transactionManager).execute((status) -> this.jdbc
				.sql("select id from outbox_event where published_at is null for update nowait")
				.query(UUID.class)
				.list()
				.size());
			assertThat(lockedAtOnce).as("pending rows another session can lock at once (NOWAIT)").isEqualTo(pendingRows);
		}

	}

	/** A KafkaOperations whose sends stay unacknowledged until {@link #acknowledgeAll()}. */
	private static final class HeldAcknowledgements {

		@SuppressWarnings("unchecked")
		final KafkaOperations<String, byte[]> kafka = mock(KafkaOperations.class);

		final List<ProducerRecord<String, byte[]>> sent = new CopyOnWriteArrayList<>();

		final List<CompletableFuture<SendResult<String, byte[]>>> acknowledgements = new CopyOnWriteArrayList<>();

		final AtomicInteger sentBeforeThePreviousOfItsKeyWasAcknowledged = new AtomicInteger();

		@SuppressWarnings("unchecked")
		HeldAcknowledgements() {
			given(this.kafka.send(any(ProducerRecord.class))).willAnswer((invocation) -> {
				ProducerRecord<String, byte[]> record = invocation.getArgument(0);
				synchronized (this) {
					for (int i = 0; i < this.sent.size(); i++) {
						if (this.sent.get(i).key().equals(record.key()) && !this.acknowledgements.get(i).isDone()) {
							this.sentBeforeThePreviousOfItsKeyWasAcknowledged.incrementAndGet();
						}
					}
					CompletableFuture<SendResult<String, byte[]>> acknowledgement = new CompletableFuture<>();
					this.sent.add(record);
					this.acknowledgements.add(acknowledgement);
					return acknowledgement;
				}
			});
		}

		synchronized void acknowledgeAll() {
			this.acknowledgements.forEach((acknowledgement) -> acknowledgement.complete(null));
		}

	}

	/** Accepts connections and reads what the producer sends, never answers. */
	private static final class SilentBroker implements AutoCloseable {

		final AtomicInteger connections = new AtomicInteger();

		private final ServerSocket server;

		private final List<Socket> sockets = new ArrayList<>();

		SilentBroker() {
			try {
				this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread.ofVirtual().name("silent-broker").start(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket socket = this.server.accept();
						synchronized (this.sockets) {
							this.sockets.add(socket);
						}
						this.connections.incrementAndGet();
						Thread.ofVirtual().start(() -> {
							try (InputStream in = socket.getInputStream()) {
								in.transferTo(OutputStream.nullOutputStream());
							}
							catch (IOException ex) {
								// closed
							}
						});
					}
					catch (IOException ex) {
						// closed
					}
				}
			});
		}

		String bootstrapServers() {
			return "127.0.0.1:" + this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			synchronized (this.sockets) {
				for (Socket socket : this.sockets) {
					socket.close();
				}
			}
		}

	}

}
