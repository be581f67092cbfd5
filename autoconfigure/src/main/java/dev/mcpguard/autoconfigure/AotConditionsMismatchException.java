package dev.mcpguard.autoconfigure;

import dev.mcpguard.pipeline.McpGuardStartupException;

/**
 * Thrown at the start of an AOT-processed application whose MCP Guard configuration differs from the one it was
 * processed with ({@link AotConditionsCheck}); reported by {@link McpGuardStartupFailureAnalyzer}.
 */
final class AotConditionsMismatchException extends McpGuardStartupException {

	AotConditionsMismatchException(String description, String action) {
		super(description, action);
	}

}
