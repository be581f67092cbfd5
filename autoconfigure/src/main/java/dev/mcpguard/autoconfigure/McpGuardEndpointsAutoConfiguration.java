package dev.mcpguard.autoconfigure;

import dev.mcpguard.admin.McpTokensEndpoint;
import dev.mcpguard.auth.TokenService;

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
@AutoConfiguration(after = { McpGuardJdbcAutoConfiguration.class, McpGuardSecurityAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
public final class McpGuardEndpointsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TokenService.class)
	@ConditionalOnAvailableEndpoint
	McpTokensEndpoint mcpTokensEndpoint(TokenService tokens) {
		return new McpTokensEndpoint(tokens);
	}

}
