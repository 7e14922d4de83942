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

	@Override
	public void getCustomer(GetCustomerRequest request, StreamObserver<Customer> responseObserver) {
		respond(responseObserver,
				() -> CustomerGrpcMapper.toProto(this.customers.get(CustomerGrpcMapper.customerId(request.getCustomerId()))));
	}

	@Override
	public void reserveCredit(ReserveCreditRequest request, StreamObserver<ReserveCreditResponse> responseObserver) {
		respond(responseObserver,
				() -> CustomerGrpcMapper.toProto(this.credit.reserve(CustomerGrpcMapper.customerId(request.getCustomerId()),
						request.getOrderId(), CustomerGrpcMapper.amount(request.getAmount()),
						CustomerGrpcService::abortIfCallerGaveUp)));
	}

	/** A release is committed even if the caller has gone: giving credit back is what it asked for anyway. */
	@Override
	public void releaseCredit(ReleaseCreditRequest request, StreamObserver<ReleaseCreditResponse> responseObserver) {
		respond(responseObserver, () -> CustomerGrpcMapper.toProto(
				this.credit.release(CustomerGrpcMapper.customerId(request.getCustomerId()), request.getOrderId())));
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
