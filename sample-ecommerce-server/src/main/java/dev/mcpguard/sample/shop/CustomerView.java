package dev.mcpguard.sample.shop;

import java.util.List;

/**
 * A customer and a summary of their orders, as tools return it.
 *
 * @param id the customer id
 * @param name the customer name
 * @param email the e-mail address
 * @param tier the loyalty tier
 * @param orders the customer's orders, newest first
 */
public record CustomerView(long id, String name, String email, CustomerTier tier, List<OrderSummaryView> orders) {

	static CustomerView of(Customer customer, List<Order> orders) {
		return new CustomerView(ShopService.idOf(customer.getId()), customer.getName(), customer.getEmail(),
				customer.getTier(), orders.stream().map(OrderSummaryView::of).toList());
	}

}
