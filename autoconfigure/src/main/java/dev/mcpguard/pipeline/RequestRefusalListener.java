package dev.mcpguard.pipeline;

/**
 * Observes every {@link RequestRefusal}; the audit trail is one. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface RequestRefusalListener {

	/**
	 * Called when a request is refused before it reaches a tool.
	 * @param refusal the refusal
	 */
	void onRequestRefusal(RequestRefusal refusal);

}
