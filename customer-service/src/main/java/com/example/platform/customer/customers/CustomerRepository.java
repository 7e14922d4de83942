package com.example.platform.customer.customers;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

	private final JdbcClient jdbc;

	CustomerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Throws DuplicateKeyException when the e-mail address is taken (unique index on lower(email)). */
	void insert(Customer customer) {
		this.jdbc.sql("""
				insert into customers (id, name, email, credit_limit, available_credit)
				values (:id, :name, :email, :creditLimit, :availableCredit)
				""")
			.paramSource(customer)
			.update();
	}

	Optional<Customer> findById(UUID id) {
		return this.jdbc.sql("""
				select id, name, email, credit_limit, available_credit from customers where id = :id
				""")
			.param("id", id)
			.query(Customer.class)
			.optional();
	}

}
