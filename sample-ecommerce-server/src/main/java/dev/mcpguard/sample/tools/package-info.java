/**
 * The shop's MCP tools, thin adapters over {@link dev.mcpguard.sample.shop.ShopService} written in both Spring AI
 * styles on purpose: read tools with {@code @McpTool} (found by Spring AI's annotation scanner) and write tools
 * with {@code @Tool} (registered through a {@code ToolCallbackProvider}), so the guard is shown to cover both.
 */
@NullMarked
package dev.mcpguard.sample.tools;

import org.jspecify.annotations.NullMarked;
