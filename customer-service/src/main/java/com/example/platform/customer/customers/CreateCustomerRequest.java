package com.example.platform.customer.customers;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Limits match the columns: name varchar(200), email varchar(320), numeric(19, 2). */
record CreateCustomerRequest(@NotBlank @Size(max = 200) String name,
		@NotBlank @Email @Size(max = 320) String email,
		@NotNull @DecimalMin("0") @Digits(integer = 17, fraction = 2) BigDecimal creditLimit) {
}
