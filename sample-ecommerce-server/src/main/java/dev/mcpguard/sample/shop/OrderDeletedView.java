package dev.mcpguard.sample.shop;

import java.util.List;

/**
 * Outcome of deleting an order.
 *
 * @param orderId the id of the deleted order
 * @param status the status the order had
 * @param restocked whether its units were put back into stock (not for shipped or cancelled orders)
 * @param items the deleted order lines
 */
public record OrderDeletedView(long orderId, OrderStatus status, boolean restocked, List<OrderItemView> items) {

}
