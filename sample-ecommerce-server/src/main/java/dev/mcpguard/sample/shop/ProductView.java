package dev.mcpguard.sample.shop;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A product as tools return it.
 *
 * @param id the product id
 * @param sku the stock-keeping unit
 * @param name the product name
 * @param description the description, if any
 * @param price the current unit price
 * @param stock the units in stock
 */
public record ProductView(long id, String sku, String name, @Nullable String description, BigDecimal price,
		int stock) {

	static ProductView of(Product product) {
		return new ProductView(ShopService.idOf(product.getId()), product.getSku(), product.getName(),
				product.getDescription(), product.getPrice(), product.getStock());
	}

}
