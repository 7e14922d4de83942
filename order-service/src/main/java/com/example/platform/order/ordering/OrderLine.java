package com.example.platform.order.ordering;

import java.math.BigDecimal;
import java.math.RoundingMode;

record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

	OrderLine {
		unitPrice = unitPrice.setScale(2, RoundingMode.UNNECESSARY);
	}

	BigDecimal amount() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
