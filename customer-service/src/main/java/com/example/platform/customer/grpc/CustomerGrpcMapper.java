package com.example.platform.customer.grpc;

import java.math.BigDecimal;
import java.util.UUID;

import com.example.platform.contracts.customer.v1.ReleaseCreditResponse;
import com.example.platform.contracts.customer.v1.ReserveCreditResponse;
import com.example.platform.customer.credit.ReleaseResult;
import com.example.platform.customer.credit.ReservationResult;
import com.example.platform.customer.customers.Customer;
import com.example.platform.customer.customers.CustomerIds;

/** Contract types to domain types and back. Money is a decimal string with 2 decimals on the wire. */
final class CustomerGrpcMapper {

	private CustomerGrpcMapper() {
	}

	static UUID customerId(String value) {
		return CustomerIds.parse(value)
			.orElseThrow(() -> new IllegalArgumentException("customer_id must be a UUID, got '" + value + "'"));
	}

	/** Range and scale are checked by the domain; this only checks that it is a decimal number. */
	static BigDecimal amount(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("amount is required");
		}
		try {
			return new BigDecimal(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("amount must be a decimal string such as \"19.99\"");
		}
	}

	static com.example.platform.contracts.customer.v1.Customer toProto(Customer customer) {
		return com.example.platform.contracts.customer.v1.Customer.newBuilder()
			.setCustomerId(customer.id().toString())
			.setName(customer.name())
			.setEmail(customer.email())
			.setCreditLimit(money(customer.creditLimit()))
			.setAvailableCredit(money(customer.availableCredit()))
			.build();
	}

	static ReserveCreditResponse toProto(ReservationResult result) {
		return ReserveCreditResponse.newBuilder()
			.setReserved(result.reserved())
			.setReason(result.reason())
			.setAvailableCredit(money(result.availableCredit()))
			.build();
	}

	static ReleaseCreditResponse toProto(ReleaseResult result) {
		return ReleaseCreditResponse.newBuilder()
			.setReleased(result.released())
			.setAvailableCredit(money(result.availableCredit()))
			.build();
	}

	private static String money(BigDecimal value) {
		return value.setScale(2).toPlainString();
	}

}
