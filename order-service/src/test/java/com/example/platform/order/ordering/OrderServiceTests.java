package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import com.example.platform.order.creditrelease.CreditReleaseOutbox;
import com.example.platform.order.customer.CreditOutcomeUnknownException;
import com.example.platform.order.customer.CreditReservation;
import com.example.platform.order.customer.CustomerCreditClient;
import com.example.platform.order.outbox.OutboxPublisher;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class OrderServiceTests {

	private final OrderRepository orders = mock();

	private final CustomerCreditClient credit = mock();

	private final OutboxPublisher events = mock();

	private final IdempotencyKeyRepository idempotencyKeys = mock();

	private final CreditReleaseOutbox creditReleases = mock();

	private final OrderService service = new OrderService(this.orders, this.credit, this.events,
			mock(PlatformTransactionManager.class), this.idempotencyKeys, this.creditReleases);

	private static final String OWNER = "alice";

	private final UUID customerId = UUID.randomUUID();

	private final List<OrderLine> lines = List.of(new OrderLine("BOOK-1", 2, new BigDecimal("19.99")));

	@Test
	void creditIsReleasedWhenAConfirmedOrderCannotBeStored() {
		given(this.credit.reserve(eq(this.customerId), any(), eq(new BigDecimal("39.98"))))
			.willReturn(new CreditReservation.Reserved());
		DataAccessResourceFailureException dbDown = new DataAccessResourceFailureException("database down");
		willThrow(dbDown).given(this.orders).insert(any());

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines))
			.isSameAs(dbDown);

		verify(this.credit).release(eq(this.customerId), any());
	}

	@Test
	void aFailedReleaseDoesNotHideTheStoreFailure() {
		given(this.credit.reserve(any(), any(), any())).willReturn(new CreditReservation.Reserved());
		willThrow(new DataAccessResourceFailureException("database down")).given(this.orders).insert(any());
		given(this.credit.release(any(), any())).willThrow(Status.UNAVAILABLE.asRuntimeException());

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines))
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));
	}

	@Test
	void nothingToReleaseForARejectedOrder() {
		given(this.credit.reserve(any(), any(), any())).willReturn(new CreditReservation.Refused("no credit"));
		willThrow(new DataAccessResourceFailureException("database down")).given(this.orders).insert(any());

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines));

		verify(this.credit, never()).release(any(), any());
	}

	@Test
	void unknownCustomerIsUnprocessableAndStoresNothing() {
		given(this.credit.reserve(any(), any(), any())).willReturn(new CreditReservation.UnknownCustomer());

		assertThatExceptionOfType(ResponseStatusException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));

		verifyNoInteractions(this.orders, this.events);
	}

	@Test
	void aReservationWithAnUnknownOutcomeIsCompensatedAndStillFails() {
		CreditOutcomeUnknownException timeout = new CreditOutcomeUnknownException(
				Status.DEADLINE_EXCEEDED.asRuntimeException());
		given(this.credit.reserve(any(), any(), any())).willThrow(timeout);

		assertThatExceptionOfType(CreditOutcomeUnknownException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines))
			.isSameAs(timeout);

		verify(this.creditReleases).add(any(), eq(this.customerId));
		verifyNoInteractions(this.events);
		verify(this.orders, never()).insert(any());
	}

	@Test
	void aFailureBeforeTheRequestLeftIsNotCompensated() {
		given(this.credit.reserve(any(), any(), any())).willThrow(Status.UNAVAILABLE.asRuntimeException());

		assertThatExceptionOfType(io.grpc.StatusRuntimeException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines));

		verifyNoInteractions(this.creditReleases);
	}

	@Test
	void aCompensatedOrderIdIsNoLongerTheIdempotencyKeys() {
		UUID orderId = UUID.randomUUID();
		given(this.idempotencyKeys.claim(eq(OWNER), eq("key-1"), any(), any(), any()))
			.willAnswer((invocation) -> new IdempotencyKeyRepository.Claim(invocation.getArgument(2), orderId, true));
		given(this.idempotencyKeys.lockClaim(OWNER, "key-1", orderId)).willReturn(true);
		given(this.credit.reserve(any(), eq(orderId), any()))
			.willThrow(new CreditOutcomeUnknownException(Status.DEADLINE_EXCEEDED.asRuntimeException()));

		assertThatExceptionOfType(CreditOutcomeUnknownException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines, "key-1"));

		verify(this.idempotencyKeys).forget(OWNER, "key-1", orderId);
		verify(this.creditReleases).add(orderId, this.customerId);
	}

	@Test
	void aDuplicateThatStoredTheOrderKeepsItsReservation() {
		UUID orderId = UUID.randomUUID();
		given(this.idempotencyKeys.claim(eq(OWNER), eq("key-2"), any(), any(), any()))
			.willAnswer((invocation) -> new IdempotencyKeyRepository.Claim(invocation.getArgument(2), orderId, false));
		given(this.idempotencyKeys.lockClaim(OWNER, "key-2", orderId)).willReturn(true);
		given(this.orders.exists(orderId)).willReturn(true);
		given(this.credit.reserve(any(), eq(orderId), any()))
			.willThrow(new CreditOutcomeUnknownException(Status.DEADLINE_EXCEEDED.asRuntimeException()));

		assertThatExceptionOfType(CreditOutcomeUnknownException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines, "key-2"));

		verify(this.idempotencyKeys, never()).forget(any(), any(), any());
		verifyNoInteractions(this.creditReleases);
	}

	@Test
	void anOrderIdGivenUpByADuplicateIsNotStored() {
		UUID orderId = UUID.randomUUID();
		given(this.idempotencyKeys.claim(eq(OWNER), eq("key-3"), any(), any(), any()))
			.willAnswer((invocation) -> new IdempotencyKeyRepository.Claim(invocation.getArgument(2), orderId, false));
		given(this.credit.reserve(any(), eq(orderId), any())).willReturn(new CreditReservation.Reserved());
		given(this.idempotencyKeys.lockClaim(OWNER, "key-3", orderId)).willReturn(false);

		assertThatExceptionOfType(ResponseStatusException.class)
			.isThrownBy(() -> this.service.place(OWNER, this.customerId, this.lines, "key-3"))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.CONFLICT));

		verify(this.orders, never()).insert(any());
		// The request that gave the id up releases what it holds
		verify(this.credit, never()).release(any(), any());
	}

	@Test
	void aBlankRefusalGetsADefaultReason() {
		given(this.credit.reserve(any(), any(), any())).willReturn(new CreditReservation.Refused(""));

		Order order = this.service.place(OWNER, this.customerId, this.lines);

		assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(order.reason()).isEqualTo("credit refused");
		assertThat(order.owner()).isEqualTo(OWNER);
	}

}
