package dev.mcpguard.ratelimit;

/**
 * Observes every call or request refused by a rate limit (metrics, alerts). Called on the request thread: return
 * quickly and do not throw. Violations of tool calls also reach the audit trail through the pipeline's
 * {@link dev.mcpguard.pipeline.ToolCallListener} events, with outcome {@code RATE_LIMITED}.
 */
@FunctionalInterface
public interface RateLimitViolationListener {

	/**
	 * Called once per refusal.
	 * @param violation what was refused
	 */
	void onViolation(RateLimitViolation violation);

}
