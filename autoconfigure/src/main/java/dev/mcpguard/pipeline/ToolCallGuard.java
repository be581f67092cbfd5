package dev.mcpguard.pipeline;

import org.springframework.core.Ordered;

/**
 * One decision stage of the guard pipeline. Every {@code tools/call} passes the stages in {@link #getOrder()}
 * order; the first refusal ends the call. Stages also say which tools a caller may see in {@code tools/list}, so
 * that a hidden tool can never be called by name.
 * <p>
 * The built-in stages use the orders in {@link GuardStage}. Implementations must be fast and thread-safe: they run
 * on the request thread of every call.
 */
public interface ToolCallGuard extends Ordered {

	/**
	 * Decide about one call.
	 * @param invocation the call
	 * @return {@link GuardDecision#proceed()} or a refusal
	 */
	GuardDecision check(ToolInvocation invocation);

	/**
	 * Whether the caller may see the tool in {@code tools/list}. Stages that only limit how often or when a tool
	 * runs (rate limits, approval) keep the default.
	 * @param caller the caller
	 * @param tool the tool
	 * @return {@code true} to list the tool
	 */
	default boolean isVisible(Caller caller, ToolDescriptor tool) {
		return true;
	}

}
