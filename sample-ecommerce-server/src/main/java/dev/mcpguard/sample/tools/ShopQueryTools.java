package dev.mcpguard.sample.tools;

import java.util.List;

import dev.mcpguard.annotation.RequiresRole;
import dev.mcpguard.sample.shop.CustomerView;
import dev.mcpguard.sample.shop.OrderView;
import dev.mcpguard.sample.shop.ProductView;
import dev.mcpguard.sample.shop.ShopService;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpTool.McpAnnotations;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;

/**
 * Read-only shop tools in the {@code @McpTool} style. A {@link dev.mcpguard.sample.shop.ShopException} thrown here
 * reaches the client as a tool result with {@code isError: true} carrying its message; any other failure (of the
 * data layer, say) reaches it as a reference that MCP Guard logs the cause under.
 */
@Component
@RequiresRole("viewer")
public class ShopQueryTools {

	private final ShopService shop;

	public ShopQueryTools(ShopService shop) {
		this.shop = shop;
	}

	@McpTool(name = "list_products",
			description = "List the products of the shop with id, SKU, name, price and units in stock, by name. "
					+ "Optionally filter by a text found in the name, SKU or description, and leave out products "
					+ "that are out of stock.",
			annotations = @McpAnnotations(title = "List products", readOnlyHint = true, destructiveHint = false,
					idempotentHint = true, openWorldHint = false))
	public List<ProductView> listProducts(
			@McpToolParam(description = "Text to look for in name, SKU or description, ignoring case",
					required = false) @Nullable String filter,
			@McpToolParam(description = "Whether to list only products with at least one unit in stock",
					required = false) @Nullable Boolean inStockOnly) {
		return this.shop.listProducts(filter, Boolean.TRUE.equals(inStockOnly));
	}

	@McpTool(name = "get_product",
			description = "Get one product by id: SKU, name, description, price and units in stock.",
			annotations = @McpAnnotations(title = "Get product", readOnlyHint = true, destructiveHint = false,
					idempotentHint = true, openWorldHint = false))
	public ProductView getProduct(@McpToolParam(description = "Id of the product") @Nullable Long productId) {
		return this.shop.getProduct(productId);
	}

	@McpTool(name = "get_order",
			description = "Get one order by id with its customer, status, total, items and notes.",
			annotations = @McpAnnotations(title = "Get order", readOnlyHint = true, destructiveHint = false,
					idempotentHint = true, openWorldHint = false))
	public OrderView getOrder(@McpToolParam(description = "Id of the order") @Nullable Long orderId) {
		return this.shop.getOrder(orderId);
	}

	@McpTool(name = "get_customer",
			description = "Get one customer by id with name, e-mail, loyalty tier and a summary of their orders.",
			annotations = @McpAnnotations(title = "Get customer", readOnlyHint = true, destructiveHint = false,
					idempotentHint = true, openWorldHint = false))
	public CustomerView getCustomer(@McpToolParam(description = "Id of the customer") @Nullable Long customerId) {
		return this.shop.getCustomer(customerId);
	}

}
