package dev.mcpguard.sample.shop;

import java.math.BigDecimal;

/**
 * One line of an order, as tools return it.
 *
 * @param productId the product id
 * @param sku the product's stock-keeping unit
 * @param name the product name
 * @param quantity the units ordered
 * @param unitPrice the unit price charged
 * @param lineTotal unit price times quantity
 */
public record OrderItemView(long productId, String sku, String name, int quantity, BigDecimal unitPrice,
		BigDecimal lineTotal) {

	static OrderItemView of(OrderItem item) {
		Product product = item.getProduct();
		return new OrderItemView(ShopService.idOf(product.getId()), product.getSku(), product.getName(),
				item.getQuantity(), item.getUnitPrice(), item.getLineTotal());
	}

}
