package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

record PlaceOrderRequest(@NotNull UUID customerId, @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items) {

	record Item(@NotBlank @Size(max = 100) String sku, @NotNull @Min(1) Integer quantity,
			@NotNull @Positive @Digits(integer = 15, fraction = 2) BigDecimal unitPrice) {

		OrderLine toLine() {
			return new OrderLine(this.sku, this.quantity, this.unitPrice);
		}

	}

}
