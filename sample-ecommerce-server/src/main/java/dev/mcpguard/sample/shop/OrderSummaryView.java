package dev.mcpguard.sample.shop;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order in a list, without items and notes.
 *
 * @param id the order id
 * @param status the order status
 * @param total the order total
 * @param createdAt when the order was placed
 */
public record OrderSummaryView(long id, OrderStatus status, BigDecimal total, Instant createdAt) {

	static OrderSummaryView of(Order order) {
		return new OrderSummaryView(ShopService.idOf(order.getId()), order.getStatus(), order.getTotal(),
				order.getCreatedAt());
	}

}
