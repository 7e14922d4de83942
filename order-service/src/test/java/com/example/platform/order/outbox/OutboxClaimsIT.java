package com.example.platform.order.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.example.platform.test.Database;
import com.example.platform.test.PlatformInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims that let several relays share one outbox (the relay holds no lock while it sends): against PostgreSQL,
 * two owners claim in turn, as two instances of the service would.
 */
class OutboxClaimsIT {

	private static final Duration LEASE = Duration.ofMinutes(1);

	private final UUID first = UUID.randomUUID();

	private final UUID second = UUID.randomUUID();

	private Database database;

	private OutboxRepository outbox;

	private OutboxRow a1;

	private OutboxRow b1;

	private OutboxRow a2;

	private OutboxRow c1;

	@BeforeEach
	void outboxWithTwoEventsOfOrderA() {
		this.database = PlatformInfrastructure.newDatabase("order_outbox_claims");
		Flyway.configure()
			.dataSource(this.database.url(), this.database.username(), this.database.password())
			.load()
			.migrate();
		this.outbox = new OutboxRepository(JdbcClient.create(new DriverManagerDataSource(this.database.url(),
				this.database.username(), this.database.password())));
		this.a1 = insert("order-a");
		this.b1 = insert("order-b");
		this.a2 = insert("order-a");
		this.c1 = insert("order-c");
	}

	@Test
	void aClaimedRowKeepsTheLaterRowsOfItsKeyFromOtherRelays() {
		assertThat(ids(this.outbox.claimPending(2, this.first, LEASE))).containsExactly(this.a1.id(), this.b1.id());

		assertThat(ids(this.outbox.claimPending(10, this.second, LEASE))).as("a2 waits: a1 is held by the first relay")
			.containsExactly(this.c1.id());
		assertThat(this.outbox.claimPending(10, this.second, LEASE)).as("claimed rows are not claimed twice").isEmpty();

		this.outbox.markPublished(this.a1);
		this.outbox.releaseClaims(List.of(this.b1), this.first);
		assertThat(ids(this.outbox.claimPending(10, this.second, LEASE)))
			.as("a2 once a1 is published, b1 once released, in publication order")
			.containsExactly(this.b1.id(), this.a2.id());
	}

	@Test
	void aRowBeingClaimedByAnotherRelayRightNowKeepsTheLaterRowsOfItsKeyOut() throws SQLException {
		// Another relay's claim statement is running and has locked a1: this claim skips a1, so must not take a2
		try (Connection other = DriverManager.getConnection(this.database.url(), this.database.username(),
				this.database.password())) {
			other.setAutoCommit(false);
			try (PreparedStatement lock = other.prepareStatement("select id from outbox_event where id = ? for update")) {
				lock.setObject(1, this.a1.id());
				lock.executeQuery().close();
			}
			assertThat(ids(this.outbox.claimPending(10, this.first, LEASE))).containsExactly(this.b1.id(), this.c1.id());
			other.rollback();
		}
		assertThat(ids(this.outbox.claimPending(10, this.second, LEASE))).containsExactly(this.a1.id(), this.a2.id());
	}

	@Test
	void theClaimOfARelayThatCrashedLapses() throws InterruptedException {
		assertThat(this.outbox.claimPending(10, this.first, Duration.ofSeconds(2))).hasSize(4);
		assertThat(this.outbox.claimPending(10, this.second, LEASE)).isEmpty();

		Thread.sleep(2500);
		assertThat(ids(this.outbox.claimPending(10, this.second, LEASE))).as("claimable again once the claim lapsed")
			.containsExactly(this.a1.id(), this.b1.id(), this.a2.id(), this.c1.id());

		this.outbox.releaseClaims(List.of(this.a1, this.b1, this.a2, this.c1), this.first);
		assertThat(this.outbox.claimPending(10, UUID.randomUUID(), LEASE))
			.as("the first relay, late, cannot release what the second holds now")
			.isEmpty();
		this.outbox.markPublished(this.a1);
		assertThat(this.outbox.countPending()).as("an acknowledged row is published whoever holds it").isEqualTo(3);
	}

	private OutboxRow insert(String aggregateId) {
		OutboxRow row = new OutboxRow(UUID.randomUUID(), 0, aggregateId, "test.Event",
				aggregateId.getBytes(StandardCharsets.UTF_8), null, Instant.now().truncatedTo(ChronoUnit.MICROS));
		this.outbox.insert(row);
		return row;
	}

	private static List<UUID> ids(List<OutboxRow> rows) {
		return rows.stream().map(OutboxRow::id).toList();
	}

}
