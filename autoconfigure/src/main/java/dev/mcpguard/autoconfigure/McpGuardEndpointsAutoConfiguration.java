package dev.mcpguard.autoconfigure;

import java.time.Clock;

import dev.mcpguard.admin.AdminActions;
import dev.mcpguard.pipeline.AdminActionListener;

import dev.mcpguard.admin.McpTokensEndpoint;
import dev.mcpguard.admin.McpToolsEndpoint;
import dev.mcpguard.admin.ToolSettings;
import dev.mcpguard.auth.McpTokenService;
import dev.mcpguard.authz.RoleAuthorizationGuard;
import dev.mcpguard.authz.StaticToolFilterGuard;
import dev.mcpguard.authz.ToolKillSwitch;
import dev.mcpguard.pipeline.ToolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of MCP Guard's actuator endpoints, the operator's runbook.
 */
// After the JDBC auto-configuration: the endpoints act on the services it defines.
@AutoConfiguration(after = { McpGuardJdbcAutoConfiguration.class, McpGuardSecurityAutoConfiguration.class,
		McpGuardAuthorizationAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
public final class McpGuardEndpointsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(McpTokenService.class)
	@ConditionalOnAvailableEndpoint
	McpTokensEndpoint mcpTokensEndpoint(McpTokenService tokens, AdminActions mcpGuardAdminActions) {
		return new McpTokensEndpoint(tokens, mcpGuardAdminActions);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ToolKillSwitch.class, StaticToolFilterGuard.class, RoleAuthorizationGuard.class })
	@ConditionalOnAvailableEndpoint
	McpToolsEndpoint mcpToolsEndpoint(ToolRegistry registry, ToolKillSwitch killSwitch, StaticToolFilterGuard staticFilter,
			RoleAuthorizationGuard roles, ObjectProvider<ToolSettings> settings, AdminActions mcpGuardAdminActions) {
		return new McpToolsEndpoint(registry, killSwitch, staticFilter, roles, settings.orderedStream().toList(),
				mcpGuardAdminActions);
	}

	/**
	 * Tells the audit trail (every {@link AdminActionListener}) of each change made through the endpoints.
	 * @param listeners the listeners
	 * @return the publisher
	 */
	@Bean
	@ConditionalOnMissingBean
	AdminActions mcpGuardAdminActions(ObjectProvider<AdminActionListener> listeners) {
		return new AdminActions(listeners.orderedStream().toList(), Clock.systemUTC());
	}

}
