package dev.mcpguard.sample.tools;

import java.util.List;

import dev.mcpguard.annotation.RequiresApproval;
import dev.mcpguard.annotation.RequiresRole;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.sample.shop.OrderDeletedView;
import dev.mcpguard.sample.shop.OrderLine;
import dev.mcpguard.sample.shop.OrderNoteView;
import dev.mcpguard.sample.shop.OrderStatus;
import dev.mcpguard.sample.shop.OrderView;
import dev.mcpguard.sample.shop.ShopService;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * Shop tools that change data, in the {@code @Tool} style and registered by {@link ShopToolsConfiguration}. A
 * {@link dev.mcpguard.sample.shop.ShopException} thrown here reaches the client as a tool result with
 * {@code isError: true} carrying its message; any other failure (of the data layer, say) reaches it as a reference
 * that MCP Guard logs the cause under. {@code delete_order} always needs a human approval; large
 * {@code create_order} calls need one too ({@link LargeOrderApprovalPolicy}).
 */
@Component
@RequiresRole("operator")
public class ShopCommandTools {

	private final ShopService shop;

	public ShopCommandTools(ShopService shop) {
		this.shop = shop;
	}

	@Tool(name = "create_order",
			description = "Place a new order for a customer. Takes the units out of stock at the current prices and "
					+ "returns the order with status NEW and its total. Fails if a product is unknown or short of "
					+ "stock.")
	public OrderView createOrder(@ToolParam(description = "Id of the customer who orders") @Nullable Long customerId,
			@ToolParam(description = "Order lines, each {productId, quantity}; at least one")
			@Nullable List<OrderLine> items) {
		return this.shop.createOrder(customerId, items);
	}

	@Tool(name = "update_order",
			description = "Change an order's status and/or replace its items. Allowed status changes: NEW -> "
					+ "CONFIRMED -> SHIPPED, and NEW or CONFIRMED -> CANCELLED (puts the units back into stock). "
					+ "Items can only be replaced while the order is NEW.")
	public OrderView updateOrder(@ToolParam(description = "Id of the order") @Nullable Long orderId,
			@ToolParam(description = "New status: NEW, CONFIRMED, SHIPPED or CANCELLED",
					required = false) @Nullable String status,
			@ToolParam(description = "New order lines replacing all current ones, each {productId, quantity}",
					required = false) @Nullable List<OrderLine> items) {
		OrderStatus newStatus = (status != null && !status.isBlank()) ? OrderStatus.parse(status) : null;
		return this.shop.updateOrder(orderId, newStatus, items);
	}

	@RequiresRole("admin")
	@RequiresApproval(reason = "Deleting an order cannot be undone")
	@Tool(name = "delete_order",
			description = "Delete an order with its items and notes. Units of an order that was neither shipped nor "
					+ "cancelled go back into stock.")
	public OrderDeletedView deleteOrder(@ToolParam(description = "Id of the order") @Nullable Long orderId) {
		return this.shop.deleteOrder(orderId);
	}

	@Tool(name = "add_note",
			description = "Add a note to an order. The note is signed with the authenticated caller's name.")
	public OrderNoteView addNote(@ToolParam(description = "Id of the order") @Nullable Long orderId,
			@ToolParam(description = "Text of the note, at most 2000 characters") @Nullable String text) {
		// The author is whoever authenticated, never a tool argument, so a caller cannot sign as someone else.
		String author = Caller.current().map(Caller::name).orElse("anonymous");
		return this.shop.addNote(orderId, author, text);
	}

}
