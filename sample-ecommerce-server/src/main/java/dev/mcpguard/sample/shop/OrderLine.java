package dev.mcpguard.sample.shop;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.tool.annotation.ToolParam;

/**
 * One requested line of an order, as a tool caller sends it. Both fields are checked by {@link ShopService}, so
 * a missing value gets a clear message rather than a binding error.
 *
 * @param productId the product to order
 * @param quantity the units to order, at least 1
 */
public record OrderLine(
		@ToolParam(description = "Id of the product, as returned by list_products") @Nullable Long productId,
		@ToolParam(description = "Units to order, at least 1") @Nullable Integer quantity) {

}
