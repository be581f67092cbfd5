package dev.mcpguard.sample.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order with its items and notes, as tools return it.
 *
 * @param id the order id
 * @param customerId the customer id
 * @param customerName the customer name
 * @param status the order status
 * @param total sum of the line totals
 * @param createdAt when the order was placed
 * @param updatedAt when the status or items last changed
 * @param items the order lines
 * @param notes the notes, oldest first
 */
public record OrderView(long id, long customerId, String customerName, OrderStatus status, BigDecimal total,
		Instant createdAt, Instant updatedAt, List<OrderItemView> items, List<OrderNoteView> notes) {

	static OrderView of(Order order) {
		Customer customer = order.getCustomer();
		return new OrderView(ShopService.idOf(order.getId()), ShopService.idOf(customer.getId()), customer.getName(),
				order.getStatus(), order.getTotal(), order.getCreatedAt(), order.getUpdatedAt(),
				order.getItems().stream().map(OrderItemView::of).toList(),
				order.getNotes().stream().map(OrderNoteView::of).toList());
	}

}
