package com.example.platform.order.customer;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.contracts.customer.v1.ReleaseCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import org.springframework.stereotype.Component;

/**
 * Credit operations of customer-service, over gRPC. Every call carries a deadline.
 * Transport failures (UNAVAILABLE, DEADLINE_EXCEEDED, ...) are thrown as
 * {@link StatusRuntimeException}; the platform starter turns them into 503/504 problems.
 */
@Component
public class CustomerCreditClient {

	private final CustomerServiceBlockingStub stub;

	private final long timeoutMillis;

	CustomerCreditClient(CustomerServiceBlockingStub stub, CustomerCreditProperties properties) {
		this.stub = stub;
		this.timeoutMillis = properties.customerCreditTimeout().toMillis();
	}

	/** Holds {@code amount} for the order. Idempotent per order id on the server side. */
	public CreditReservation reserve(UUID customerId, UUID orderId, BigDecimal amount) {
		ReserveCreditRequest request = ReserveCreditRequest.newBuilder()
			.setCustomerId(customerId.toString())
			.setOrderId(orderId.toString())
			.setAmount(amount.toPlainString())
			.build();
		try {
			ReserveCreditResponse response = withDeadline().reserveCredit(request);
			return response.getReserved() ? new CreditReservation.Reserved()
					: new CreditReservation.Refused(response.getReason());
		}
		catch (StatusRuntimeException ex) {
			// An unknown customer is an answer about the request, not a failure of the call
			if (ex.getStatus().getCode() == Status.Code.NOT_FOUND) {
				return new CreditReservation.UnknownCustomer();
			}
			throw ex;
		}
	}

	/**
	 * Gives back what was held for the order. Idempotent per order id: releasing twice,
	 * or releasing what was never reserved, changes nothing.
	 * @return whether something was held and is now released
	 */
	public boolean release(UUID customerId, UUID orderId) {
		ReleaseCreditRequest request = ReleaseCreditRequest.newBuilder()
			.setCustomerId(customerId.toString())
			.setOrderId(orderId.toString())
			.build();
		return withDeadline().releaseCredit(request).getReleased();
	}

	// A deadline is absolute, so each call needs a fresh stub
	private CustomerServiceBlockingStub withDeadline() {
		return this.stub.withDeadlineAfter(this.timeoutMillis, TimeUnit.MILLISECONDS);
	}

}
