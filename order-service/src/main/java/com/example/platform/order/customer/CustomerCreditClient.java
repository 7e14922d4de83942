package com.example.platform.order.customer;

import java.math.BigDecimal;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.platform.contracts.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import com.example.platform.contracts.customer.v1.ReleaseCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import org.springframework.stereotype.Component;

/**
 * Credit operations of customer-service, over gRPC. Every call carries a deadline.
 * Transport failures (UNAVAILABLE, DEADLINE_EXCEEDED, ...) are thrown as
 * {@link StatusRuntimeException}; the platform starter turns them into 503/504 problems.
 * <p>
 * Reservations and cancellations relay the caller's token (the platform starter's channel interceptor); the
 * compensating release ({@link #releaseAsService}) carries this service's own token instead.
 */
@Component
public class CustomerCreditClient {

	/**
	 * Failures after which a reservation that reached customer-service may still have committed there (the contract's
	 * list). Any other status is customer-service's answer, or a refusal before it did anything.
	 */
	private static final Set<Status.Code> OUTCOME_UNKNOWN = Set.of(Status.Code.DEADLINE_EXCEEDED,
			Status.Code.CANCELLED, Status.Code.UNAVAILABLE, Status.Code.UNKNOWN, Status.Code.INTERNAL);

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final CustomerServiceBlockingStub stub;

	private final CustomerServiceToken serviceToken;

	// Every call's deadline is set by the starter's channel interceptor: customer-service's time limit
	// (resilience4j.timelimiter.instances.customer-service, default 2 s), capped by the request's remaining budget
	CustomerCreditClient(CustomerServiceBlockingStub stub, CustomerServiceToken serviceToken) {
		this.stub = stub;
		this.serviceToken = serviceToken;
	}

	/**
	 * Holds {@code amount} for the order. Idempotent per order id on the server side.
	 * @throws CreditOutcomeUnknownException when the call failed after the request may have reached customer-service:
	 * the caller must compensate (release the order's credit) and never use the order id again
	 * @throws StatusRuntimeException for any other failure (nothing was reserved)
	 */
	public CreditReservation reserve(UUID customerId, UUID orderId, BigDecimal amount) {
		ReserveCreditRequest request = ReserveCreditRequest.newBuilder()
			.setCustomerId(customerId.toString())
			.setOrderId(orderId.toString())
			.setAmount(amount.toPlainString())
			.build();
		SentTracker sent = new SentTracker();
		try {
			ReserveCreditResponse response = this.stub.withInterceptors(sent).reserveCredit(request);
			return response.getReserved() ? new CreditReservation.Reserved()
					: new CreditReservation.Refused(response.getReason());
		}
		catch (StatusRuntimeException ex) {
			// An unknown customer is an answer about the request, not a failure of the call
			if (ex.getStatus().getCode() == Status.Code.NOT_FOUND) {
				return new CreditReservation.UnknownCustomer();
			}
			if (OUTCOME_UNKNOWN.contains(ex.getStatus().getCode()) && sent.mayHaveBeenSent()) {
				throw new CreditOutcomeUnknownException(ex);
			}
			throw ex;
		}
	}

	/**
	 * Gives back what was held for the order, as the caller (its relayed token). Idempotent per order id: releasing
	 * twice, or releasing what was never reserved, changes nothing.
	 * @return whether something was held and is now released
	 */
	public boolean release(UUID customerId, UUID orderId) {
		return this.stub.releaseCredit(releaseRequest(customerId, orderId)).getReleased();
	}

	/**
	 * Gives back what may have been held for an order this service gave up on, with this service's own token (scope
	 * credit.release.all: any owner's customer), never a user's: it runs outside the request, whose token may have
	 * expired. A release that comes before the reservation leaves a tombstone, so the late reservation is refused.
	 * @return whether something was held and is now released
	 * @throws StatusRuntimeException as {@link #release}; UNAUTHENTICATED also drops the cached token
	 * @throws RuntimeException when no token could be obtained from the issuer
	 */
	public boolean releaseAsService(UUID customerId, UUID orderId) {
		Metadata token = new Metadata();
		token.put(AUTHORIZATION, "Bearer " + this.serviceToken.value());
		try {
			// Outermost interceptor: the header is set before the starter's relay would add a user's token (it adds
			// none when one is present)
			return this.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token))
				.releaseCredit(releaseRequest(customerId, orderId))
				.getReleased();
		}
		catch (StatusRuntimeException ex) {
			if (ex.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
				this.serviceToken.refused();
			}
			throw ex;
		}
	}

	private static ReleaseCreditRequest releaseRequest(UUID customerId, UUID orderId) {
		return ReleaseCreditRequest.newBuilder()
			.setCustomerId(customerId.toString())
			.setOrderId(orderId.toString())
			.build();
	}

	/**
	 * Whether any attempt of one call was given to a connection (gRPC creates the stream on a transport only then).
	 * A call refused before that (breaker open, bulkhead full, budget spent, no connection to be had) cannot have
	 * reached customer-service; once a stream exists, the request may have been written, whatever happens next.
	 */
	private static final class SentTracker extends ClientStreamTracer.Factory implements ClientInterceptor {

		private final AtomicBoolean streamCreated = new AtomicBoolean();

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
			return next.newCall(method, options.withStreamTracerFactory(this));
		}

		@Override
		public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
			return new ClientStreamTracer() {
				@Override
				public void streamCreated(Attributes transportAttributes, Metadata headers) {
					SentTracker.this.streamCreated.set(true);
				}
			};
		}

		boolean mayHaveBeenSent() {
			return this.streamCreated.get();
		}

	}

}
