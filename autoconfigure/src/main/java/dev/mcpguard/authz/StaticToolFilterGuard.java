package dev.mcpguard.authz;

import java.util.Set;

import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.GuardStage;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;

/**
 * The static part of the availability stage: {@code mcp.guard.authz.expose} (allow-list) and
 * {@code mcp.guard.authz.deny}. A filtered tool is hidden from every caller and refused with {@code DISABLED}.
 */
public class StaticToolFilterGuard implements ToolCallGuard {

	private final Set<String> expose;

	private final Set<String> deny;

	/**
	 * Create the stage.
	 * @param expose the only tools exposed, or empty for all
	 * @param deny the tools never exposed
	 */
	public StaticToolFilterGuard(Set<String> expose, Set<String> deny) {
		this.expose = Set.copyOf(expose);
		this.deny = Set.copyOf(deny);
	}

	@Override
	public GuardDecision check(ToolInvocation invocation) {
		if (isExposed(invocation.toolName())) {
			return GuardDecision.proceed();
		}
		return GuardDecision.refuse(Outcome.DISABLED, "Tool '" + invocation.toolName()
				+ "' is not exposed by this server's configuration (mcp.guard.authz).");
	}

	@Override
	public boolean isVisible(Caller caller, ToolDescriptor tool) {
		return isExposed(tool.name());
	}

	/**
	 * Whether configuration exposes a tool.
	 * @param toolName the tool name
	 * @return {@code false} if it is denied or not in a non-empty expose list
	 */
	public boolean isExposed(String toolName) {
		return !this.deny.contains(toolName) && (this.expose.isEmpty() || this.expose.contains(toolName));
	}

	@Override
	public int getOrder() {
		return GuardStage.AVAILABILITY;
	}

}
