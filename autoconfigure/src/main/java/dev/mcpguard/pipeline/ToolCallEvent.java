package dev.mcpguard.pipeline;

import java.time.Instant;
import java.util.Map;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.jspecify.annotations.Nullable;

/**
 * The final outcome of one guarded {@code tools/call}, with its timing, published once to every
 * {@link ToolCallListener}.
 *
 * @param timestamp when the call arrived
 * @param invocation the call
 * @param outcome the outcome
 * @param message the refusal or error text, if any
 * @param durationNanos time spent in the guard and the tool
 * @param details extra facts from the deciding stage (for example {@code approvalId})
 */
public record ToolCallEvent(Instant timestamp, ToolInvocation invocation, Outcome outcome, @Nullable String message,
		long durationNanos, Map<String, Object> details) {

	/**
	 * This event with its call's MCP exchange replaced: {@code null} for a listener that keeps the event after the call,
	 * as the exchange holds the request's whole transport (response stream, buffers).
	 * @param exchange the exchange, {@code null} for none
	 * @return the event with that exchange
	 */
	public ToolCallEvent withExchange(@Nullable McpSyncServerExchange exchange) {
		if (this.invocation.exchange() == exchange) {
			return this;
		}
		return new ToolCallEvent(this.timestamp, this.invocation.withExchange(exchange), this.outcome, this.message,
				this.durationNanos, this.details);
	}

}
