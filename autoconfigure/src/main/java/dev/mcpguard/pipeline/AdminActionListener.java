package dev.mcpguard.pipeline;

/**
 * Observes every {@link AdminAction}; the audit trail is one. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface AdminActionListener {

	/**
	 * Called once the action has taken effect.
	 * @param action the action
	 */
	void onAdminAction(AdminAction action);

}
