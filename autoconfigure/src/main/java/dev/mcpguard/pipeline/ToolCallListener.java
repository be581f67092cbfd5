package dev.mcpguard.pipeline;

/**
 * Observes the final outcome of every guarded {@code tools/call} (audit, metrics). Called on the request thread:
 * implementations must return quickly and must not throw.
 */
@FunctionalInterface
public interface ToolCallListener {

	/**
	 * Called once per call, after the outcome is known.
	 * @param event the outcome of the call
	 */
	void onToolCall(ToolCallEvent event);

}
