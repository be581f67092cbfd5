package dev.mcpguard.authz;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mcpguard.annotation.RequiresRole;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.GuardStage;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;

/**
 * The authorization stage: a tool with {@link RequiresRole} needs a caller holding one of its roles; a tool
 * without it follows the {@link DefaultPolicy}. An unauthenticated caller is never allowed, whatever the security
 * chain let through.
 */
public class RoleAuthorizationGuard implements ToolCallGuard {

	private final DefaultPolicy defaultPolicy;

	private final Map<String, Rule> rules = new ConcurrentHashMap<>();

	/**
	 * Create the stage.
	 * @param defaultPolicy the policy for tools without {@link RequiresRole}
	 */
	public RoleAuthorizationGuard(DefaultPolicy defaultPolicy) {
		this.defaultPolicy = defaultPolicy;
	}

	@Override
	public GuardDecision check(ToolInvocation invocation) {
		Rule rule = ruleFor(invocation.tool());
		if (rule.allows(invocation.caller())) {
			return GuardDecision.proceed();
		}
		return rule.refusal();
	}

	@Override
	public boolean isVisible(Caller caller, ToolDescriptor tool) {
		return ruleFor(tool).allows(caller);
	}

	/**
	 * The roles a tool requires, for display.
	 * @param tool the tool
	 * @return the roles, empty when any authenticated caller may use it
	 */
	public List<String> requiredRoles(ToolDescriptor tool) {
		return ruleFor(tool).roles();
	}

	private Rule ruleFor(ToolDescriptor tool) {
		return this.rules.computeIfAbsent(tool.name(), (name) -> Rule.of(tool, this.defaultPolicy));
	}

	private record Rule(List<String> roles, boolean denyAll, GuardDecision.Refusal refusal) {

		static Rule of(ToolDescriptor tool, DefaultPolicy policy) {
			RequiresRole annotation = tool.findAnnotation(RequiresRole.class);
			if (annotation != null) {
				List<String> roles = List.of(annotation.value());
				return new Rule(roles, roles.isEmpty(), GuardDecision.refuse(Outcome.DENIED, "Permission denied: '"
						+ tool.name() + "' requires role " + String.join(" or ", roles) + "."));
			}
			boolean denyAll = policy == DefaultPolicy.DENY;
			String message = denyAll ? "Permission denied: '" + tool.name() + "' is not open to any role (deny-by-default policy)."
					: "Permission denied: '" + tool.name() + "' requires an authenticated caller.";
			return new Rule(List.of(), denyAll, GuardDecision.refuse(Outcome.DENIED, message));
		}

		boolean allows(Caller caller) {
			if (this.denyAll || !caller.isAuthenticated()) {
				return false;
			}
			return this.roles.isEmpty() || caller.hasAnyRole(this.roles);
		}

	}

	@Override
	public int getOrder() {
		return GuardStage.AUTHORIZATION;
	}

}
