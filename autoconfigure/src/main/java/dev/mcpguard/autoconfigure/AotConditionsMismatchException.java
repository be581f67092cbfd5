package dev.mcpguard.autoconfigure;

/**
 * Thrown at the start of an AOT-processed application whose MCP Guard configuration differs from the one it was
 * processed with ({@link AotConditionsCheck}); reported by {@link AotConditionsMismatchFailureAnalyzer}.
 */
final class AotConditionsMismatchException extends IllegalStateException {

	private final String description;

	private final String action;

	AotConditionsMismatchException(String description, String action) {
		super(description + "\n" + action);
		this.description = description;
		this.action = action;
	}

	String getDescription() {
		return this.description;
	}

	String getAction() {
		return this.action;
	}

}
