package com.example.platform.customer.grpc;

import java.util.function.Supplier;

import com.example.platform.contracts.customer.v1.Customer;
import com.example.platform.contracts.customer.v1.CustomerServiceGrpc;
import com.example.platform.contracts.customer.v1.GetCustomerRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditRequest;
import com.example.platform.contracts.customer.v1.ReleaseCreditResponse;
import com.example.platform.contracts.customer.v1.ReserveCreditRequest;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import com.example.platform.customer.credit.CreditService;
import com.example.platform.customer.credit.OrderOwnershipException;
import com.example.platform.customer.customers.CustomerNotFoundException;
import com.example.platform.customer.customers.CustomerService;
import com.example.platform.customer.security.Caller;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;

/**
 * Serves platform.customer.v1.CustomerService. Spring gRPC registers every BindableService bean on the server
 * (port {@code spring.grpc.server.port}). Domain errors become explicit statuses here rather than relying on a
 * generic mapping, because the contract documents them.
 */
@Service
class CustomerGrpcService extends CustomerServiceGrpc.CustomerServiceImplBase {

	private final CustomerService customers;

	private final CreditService credit;

	CustomerGrpcService(CustomerService customers, CreditService credit) {
		this.customers = customers;
		this.credit = credit;
	}

	/** The caller's own customer (or any, for a caller with scope customers.read.all); NOT_FOUND otherwise. */
	@Override
	public void getCustomer(GetCustomerRequest request, StreamObserver<Customer> responseObserver) {
		respond(responseObserver, () -> CustomerGrpcMapper
			.toProto(this.customers.get(CustomerGrpcMapper.customerId(request.getCustomerId()), caller())));
	}

	/**
	 * Only for the caller's own customer (NOT_FOUND otherwise, whatever its scopes): order-service relays the token
	 * of the principal placing the order, so nobody charges somebody else's credit.
	 */
	@Override
	public void reserveCredit(ReserveCreditRequest request, StreamObserver<ReserveCreditResponse> responseObserver) {
		respond(responseObserver,
				() -> CustomerGrpcMapper.toProto(this.credit.reserve(caller().subject(),
						CustomerGrpcMapper.customerId(request.getCustomerId()), request.getOrderId(),
						CustomerGrpcMapper.amount(request.getAmount()), CustomerGrpcService::abortIfCallerGaveUp)));
	}

	/**
	 * Only for the caller's own customer, like a reservation, or any customer for a caller with scope
	 * credit.release.all (order-service's own client, compensating a reservation it gave up on). A release is
	 * committed even if the caller has gone: giving credit back is what it asked for anyway.
	 */
	@Override
	public void releaseCredit(ReleaseCreditRequest request, StreamObserver<ReleaseCreditResponse> responseObserver) {
		respond(responseObserver, () -> CustomerGrpcMapper.toProto(this.credit.release(caller(),
				CustomerGrpcMapper.customerId(request.getCustomerId()), request.getOrderId())));
	}

	/**
	 * The principal whose token came with the call (validated by the platform starter's server interceptor, which
	 * answers UNAUTHENTICATED before this service runs when there is none).
	 */
	private static Caller caller() {
		return Caller.current()
			.orElseThrow(() -> Status.UNAUTHENTICATED.withDescription("A bearer token is required.").asRuntimeException());
	}

	/**
	 * Runs inside the reservation's transaction, on the call's thread: a caller that cancelled or whose
	 * deadline passed never sees the answer, so the credit must not stay held for it.
	 */
	private static void abortIfCallerGaveUp() {
		if (Context.current().isCancelled()) {
			throw Status.CANCELLED.withDescription("the call was cancelled or its deadline passed; nothing reserved")
				.asRuntimeException();
		}
	}

	private static <T> void respond(StreamObserver<T> responseObserver, Supplier<T> call) {
		T response;
		try {
			response = call.get();
		}
		catch (StatusRuntimeException ex) {
			responseObserver.onError(ex);
			return;
		}
		catch (CustomerNotFoundException ex) {
			responseObserver.onError(Status.NOT_FOUND.withDescription(ex.getMessage()).asRuntimeException());
			return;
		}
		catch (IllegalArgumentException ex) {
			responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(ex.getMessage()).asRuntimeException());
			return;
		}
		catch (OrderOwnershipException ex) {
			responseObserver.onError(Status.FAILED_PRECONDITION.withDescription(ex.getMessage()).asRuntimeException());
			return;
		}
		responseObserver.onNext(response);
		responseObserver.onCompleted();
	}

}
