package dev.mcpguard.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import dev.mcpguard.annotation.RequiresApproval;
import dev.mcpguard.authz.RoleAuthorizationGuard;
import dev.mcpguard.authz.StaticToolFilterGuard;
import dev.mcpguard.authz.ToolKillSwitch;
import dev.mcpguard.authz.ToolState;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * Actuator endpoint {@code mcptools}: every tool with its state and rules, and the kill switch
 * ({@code POST /{name}} with {@code {"enabled":false,"reason":"…"}}).
 */
@WebEndpoint(id = "mcptools")
public class McpToolsEndpoint {

	private final ToolRegistry registry;

	private final ToolKillSwitch killSwitch;

	private final StaticToolFilterGuard staticFilter;

	private final RoleAuthorizationGuard roles;

	private final List<ToolSettings> settings;

	private final AdminActions actions;

	/**
	 * Create the endpoint.
	 * @param registry the guarded tools
	 * @param killSwitch the runtime kill switch
	 * @param staticFilter the static expose/deny lists
	 * @param roles the role rules
	 * @param settings per-tool settings of other layers (rate limits), shown and changed here
	 */
	public McpToolsEndpoint(ToolRegistry registry, ToolKillSwitch killSwitch, StaticToolFilterGuard staticFilter,
			RoleAuthorizationGuard roles, List<ToolSettings> settings) {
		this(registry, killSwitch, staticFilter, roles, settings, AdminActions.none());
	}

	/**
	 * Create the endpoint.
	 * @param registry the guarded tools
	 * @param killSwitch the runtime kill switch
	 * @param staticFilter the configured expose and deny lists
	 * @param roles the authorization stage
	 * @param settings per-tool settings of other layers (rate limits)
	 * @param actions told of every change, for the audit trail
	 */
	public McpToolsEndpoint(ToolRegistry registry, ToolKillSwitch killSwitch, StaticToolFilterGuard staticFilter,
			RoleAuthorizationGuard roles, List<ToolSettings> settings, AdminActions actions) {
		this.actions = actions;
		this.registry = registry;
		this.killSwitch = killSwitch;
		this.staticFilter = staticFilter;
		this.roles = roles;
		this.settings = List.copyOf(settings);
	}

	/**
	 * List every tool.
	 * @return the tools
	 */
	@ReadOperation
	public List<Map<String, Object>> tools() {
		return this.registry.descriptors().stream().map(this::describe).toList();
	}

	/**
	 * One tool.
	 * @param name the tool name
	 * @return the tool, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> tool(@Selector String name) {
		ToolDescriptor tool = this.registry.descriptor(name);
		return (tool != null) ? new WebEndpointResponse<>(describe(tool), 200)
				: McpTokensEndpoint.error(404, "No tool named '" + name + "'");
	}

	/**
	 * Change a tool at runtime: switch it on or off ({@code enabled}, {@code reason}) and change the settings of
	 * other layers (for example {@code limitForPeriod}, {@code refreshPeriod}).
	 * @param name the tool name
	 * @param enabled the new state, if it changes
	 * @param reason why, shown to callers while disabled
	 * @param limitForPeriod new rate limit: calls per period
	 * @param refreshPeriod new rate limit period ({@code 1m}, {@code 30s})
	 * @param securityContext the operator
	 * @return the tool after the change
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> update(@Selector String name, @Nullable Boolean enabled,
			@Nullable String reason, @Nullable Integer limitForPeriod, @Nullable String refreshPeriod,
			SecurityContext securityContext) {
		ToolDescriptor tool = this.registry.descriptor(name);
		if (tool == null) {
			return McpTokensEndpoint.error(404, "No tool named '" + name + "'");
		}
		if (enabled == null && limitForPeriod == null && refreshPeriod == null) {
			return McpTokensEndpoint.error(400, "Nothing to change: give 'enabled' (with a 'reason') or 'limitForPeriod'/'refreshPeriod'");
		}
		try {
			Map<String, String> changes = new LinkedHashMap<>();
			if (limitForPeriod != null) {
				changes.put("limitForPeriod", limitForPeriod.toString());
			}
			if (refreshPeriod != null) {
				changes.put("refreshPeriod", refreshPeriod);
			}
			if (!changes.isEmpty()) {
				if (this.settings.isEmpty()) {
					return McpTokensEndpoint.error(400, "No layer accepts rate-limit changes (is the rate-limit layer enabled?)");
				}
				for (ToolSettings setting : this.settings) {
					setting.update(name, changes, McpTokensEndpoint.operator(securityContext));
				}
				this.actions.publish(securityContext, "mcptools", "limit", name, Map.copyOf(changes), null);
			}
			if (enabled != null) {
				this.killSwitch.setEnabled(name, enabled, reason, McpTokensEndpoint.operator(securityContext));
				this.actions.publish(securityContext, "mcptools", enabled ? "enable" : "disable", name, Map.of(), reason);
			}
		}
		catch (IllegalArgumentException ex) {
			return McpTokensEndpoint.error(400, ex.getMessage());
		}
		catch (NoSuchElementException ex) {
			return McpTokensEndpoint.error(404, ex.getMessage());
		}
		return new WebEndpointResponse<>(describe(tool), 200);
	}

	private Map<String, Object> describe(ToolDescriptor tool) {
		Map<String, Object> body = new LinkedHashMap<>();
		boolean exposed = this.staticFilter.isExposed(tool.name());
		boolean disabled = this.killSwitch.isDisabled(tool.name());
		body.put("name", tool.name());
		body.put("enabled", exposed && !disabled);
		body.put("exposed", exposed);
		ToolState state = disabled ? this.killSwitch.state(tool.name()) : null;
		if (state != null) {
			body.put("disabledReason", state.reason());
			body.put("disabledBy", state.changedBy());
			body.put("disabledAt", state.changedAt());
		}
		body.put("roles", this.roles.requiredRoles(tool));
		RequiresApproval approval = tool.findAnnotation(RequiresApproval.class);
		body.put("approval", (approval != null) ? Map.of("when", approval.when(), "reason", approval.reason()) : null);
		for (ToolSettings setting : this.settings) {
			body.put(setting.name(), setting.describe(tool.name()));
		}
		return body;
	}

}
