package dev.mcpguard.authz;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The runtime state of a tool set by an operator.
 *
 * @param toolName the tool
 * @param enabled whether it may be called
 * @param reason why it was switched, shown to callers when disabled
 * @param changedBy the operator
 * @param changedAt when
 */
public record ToolState(String toolName, boolean enabled, @Nullable String reason, @Nullable String changedBy,
		Instant changedAt) {

}
