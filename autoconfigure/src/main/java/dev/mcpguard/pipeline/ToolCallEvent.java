package dev.mcpguard.pipeline;

import java.time.Instant;
import java.util.Map;

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

}
