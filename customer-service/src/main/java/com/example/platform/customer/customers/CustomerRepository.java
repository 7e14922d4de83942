package com.example.platform.customer.customers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

	private static final String COLUMNS = "id, name, email, credit_limit, available_credit, owner";

	private final JdbcClient jdbc;

	CustomerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Throws DuplicateKeyException when the e-mail address is taken (unique index on lower(email)). */
	void insert(Customer customer) {
		this.jdbc.sql("""
				insert into customers (id, name, email, credit_limit, available_credit, owner)
				values (:id, :name, :email, :creditLimit, :availableCredit, :owner)
				""")
			.paramSource(customer)
			.update();
	}

	Optional<Customer> findById(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from customers where id = :id")
			.param("id", id)
			.query(Customer.class)
			.optional();
	}

	/** The owner's customers, oldest first. */
	List<Customer> findByOwner(String owner) {
		return this.jdbc.sql("select " + COLUMNS + " from customers where owner = :owner order by created_at, id")
			.param("owner", owner)
			.query(Customer.class)
			.list();
	}

}
