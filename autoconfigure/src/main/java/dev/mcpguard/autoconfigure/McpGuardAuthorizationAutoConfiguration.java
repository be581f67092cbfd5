package dev.mcpguard.autoconfigure;

import java.time.Clock;

import dev.mcpguard.authz.InMemoryToolStateRepository;
import dev.mcpguard.authz.RoleAuthorizationGuard;
import dev.mcpguard.authz.StaticToolFilterGuard;
import dev.mcpguard.authz.ToolKillSwitch;
import dev.mcpguard.authz.ToolStateRepository;
import dev.mcpguard.jdbc.ClusterSync;
import dev.mcpguard.pipeline.ToolRegistry;
import io.modelcontextprotocol.server.McpSyncServer;
import dev.mcpguard.pipeline.GuardPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the availability and authorization stages of the guard pipeline.
 */
// After the pipeline auto-configuration (the stages only make sense where the pipeline exists) and the JDBC one
// (the kill switch keeps its state in the shared database when there is one).
@AutoConfiguration(after = { McpGuardAutoConfiguration.class, McpGuardJdbcAutoConfiguration.class })
@ConditionalOnBean(GuardPipeline.class)
public final class McpGuardAuthorizationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StaticToolFilterGuard mcpGuardStaticToolFilterGuard(McpGuardProperties properties) {
		return new StaticToolFilterGuard(properties.getAuthz().getExpose(), properties.getAuthz().getDeny());
	}

	@Bean
	@ConditionalOnMissingBean
	ToolStateRepository mcpGuardToolStateRepository() {
		return new InMemoryToolStateRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	ToolKillSwitch mcpGuardToolKillSwitch(ToolStateRepository repository, ToolRegistry registry,
			ObjectProvider<McpSyncServer> server, ObjectProvider<ClusterSync> sync) {
		return new ToolKillSwitch(repository, registry, server, Clock.systemUTC(), sync.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	RoleAuthorizationGuard mcpGuardRoleAuthorizationGuard(McpGuardProperties properties) {
		return new RoleAuthorizationGuard(properties.getAuthz().getDefaultPolicy());
	}

}
