package dev.mcpguard.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.mcpguard.approval.ApprovalGuard;
import dev.mcpguard.approval.ApprovalMode;

import dev.mcpguard.admin.SecurityPostureReport;
import dev.mcpguard.auth.StaticTokenStore;
import dev.mcpguard.authz.DefaultPolicy;
import dev.mcpguard.auth.McpTokenService;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolCallListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the start-up security posture report, and of a loud warning when the guard is switched
 * off.
 */
// After the other MCP Guard auto-configurations: the report describes what they set up.
@AutoConfiguration(after = { McpGuardAutoConfiguration.class, McpGuardSecurityAutoConfiguration.class,
		McpGuardJdbcAutoConfiguration.class, McpGuardAuthorizationAutoConfiguration.class })
public final class McpGuardPostureAutoConfiguration {

	private static final Log logger = LogFactory.getLog(McpGuardPostureAutoConfiguration.class);

	/**
	 * The settings the posture report judges, from the guard's properties.
	 * @param properties the properties
	 * @return the settings
	 */
	public static SecurityPostureReport.Settings postureSettings(McpGuardProperties properties) {
		McpGuardProperties.OAuth2 oauth2 = properties.getAuth().getOauth2();
		return new SecurityPostureReport.Settings(properties.getAuth().getMtls().isEnabled(),
				properties.getAuth().getMaxTokenAge(), properties.getAuthz().getDefaultPolicy() == DefaultPolicy.DENY,
				properties.getAuth().isSessionBinding(), properties.getNetwork().getAllowedIps(),
				properties.getNetwork().getAllowedHosts().size(), properties.getNetwork().getAllowedOrigins().size(),
				oauth2.isAudienceRequired(), oauth2.getResource(), oauth2.getRolesClaim());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
	@ConditionalOnBean(StaticTokenStore.class)
	static class PostureReportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecurityPostureReport mcpGuardSecurityPostureReport(McpGuardProperties properties, Environment environment,
				StaticTokenStore staticTokens, ObjectProvider<McpTokenService> tokens, ObjectProvider<ToolCallGuard> stages,
				ObjectProvider<ToolCallListener> listeners, ObjectProvider<McpGuardApprovalProperties> approval,
				ObjectProvider<ApprovalGuard> approvalGuard) {
			return new SecurityPostureReport(postureSettings(properties), environment, staticTokens, tokens.getIfAvailable(),
					stages.orderedStream().toList(), listeners.orderedStream().toList(),
					(approvalGuard.getIfAvailable() != null) ? selfConfirmed(approval.getObject()) : List.of());
		}

		private static List<String> selfConfirmed(McpGuardApprovalProperties approval) {
			if (approval.getMode() == ApprovalMode.ELICITATION) {
				return List.of("every tool");
			}
			List<String> tools = new ArrayList<>();
			approval.getTools().forEach((name, tool) -> {
				if (tool.getMode() == ApprovalMode.ELICITATION) {
					tools.add(name);
				}
			});
			return tools;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", havingValue = false)
	static class DisabledWarningConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mcpGuardDisabledWarning")
		ApplicationListener<ApplicationReadyEvent> mcpGuardDisabledWarning() {
			return (event) -> logger.warn("MCP Guard is disabled (mcp.guard.enabled=false): MCP tools are not guarded by it");
		}

	}

}
