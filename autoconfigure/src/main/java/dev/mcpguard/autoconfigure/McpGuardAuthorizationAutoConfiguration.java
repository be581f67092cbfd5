package dev.mcpguard.autoconfigure;

import dev.mcpguard.authz.RoleAuthorizationGuard;
import dev.mcpguard.authz.StaticToolFilterGuard;
import dev.mcpguard.pipeline.GuardPipeline;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the availability and authorization stages of the guard pipeline.
 */
// After the pipeline auto-configuration: the stages only make sense where the pipeline exists.
@AutoConfiguration(after = McpGuardAutoConfiguration.class)
@ConditionalOnBean(GuardPipeline.class)
public final class McpGuardAuthorizationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StaticToolFilterGuard mcpGuardStaticToolFilterGuard(McpGuardProperties properties) {
		return new StaticToolFilterGuard(properties.getAuthz().getExpose(), properties.getAuthz().getDeny());
	}

	@Bean
	@ConditionalOnMissingBean
	RoleAuthorizationGuard mcpGuardRoleAuthorizationGuard(McpGuardProperties properties) {
		return new RoleAuthorizationGuard(properties.getAuthz().getDefaultPolicy());
	}

}
