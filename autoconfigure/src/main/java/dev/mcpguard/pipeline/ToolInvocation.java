package dev.mcpguard.pipeline;

import java.util.Map;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.jspecify.annotations.Nullable;

/**
 * One {@code tools/call} as it passes through the guard pipeline.
 *
 * @param tool the tool being called
 * @param arguments the call arguments as sent by the client (never modified by the guard)
 * @param caller the authenticated caller
 * @param sessionId the MCP session id, if any
 * @param exchange the MCP exchange, for stages that talk back to the client (elicitation)
 */
public record ToolInvocation(ToolDescriptor tool, Map<String, Object> arguments, Caller caller,
		@Nullable String sessionId, @Nullable McpSyncServerExchange exchange) {

	/**
	 * The tool name.
	 * @return the name of the called tool
	 */
	public String toolName() {
		return this.tool.name();
	}

	/**
	 * This call with another MCP exchange.
	 * @param exchange the exchange, {@code null} for none
	 * @return the call with that exchange
	 */
	public ToolInvocation withExchange(@Nullable McpSyncServerExchange exchange) {
		return new ToolInvocation(this.tool, this.arguments, this.caller, this.sessionId, exchange);
	}

}
