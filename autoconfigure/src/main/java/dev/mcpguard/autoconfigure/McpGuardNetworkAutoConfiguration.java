package dev.mcpguard.autoconfigure;

import dev.mcpguard.auth.IpAllowList;
import dev.mcpguard.auth.IpAllowListHttpCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of the client IP allow-list ({@code mcp.guard.network.allowed-ips}): requests from other
 * addresses get 403 before authentication. An empty list adds no filter.
 */
// After the security auto-configuration, whose chain applies our customizer through McpGuardConfigurer. The chain
// looks customizers up only when it is built, so the order states the dependency rather than being needed for it.
@AutoConfiguration(after = McpGuardSecurityAutoConfiguration.class)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = McpGuardProperties.CONFIG_PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpGuardProperties.class)
public final class McpGuardNetworkAutoConfiguration {

	private static final Log logger = LogFactory.getLog(McpGuardNetworkAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	IpAllowListHttpCustomizer mcpGuardIpAllowListHttpCustomizer(McpGuardProperties properties) {
		IpAllowList allowList = IpAllowList.of(properties.getNetwork().getAllowedIps());
		if (!allowList.isEmpty()) {
			logger.info("MCP Guard: only clients from " + allowList + " are served (mcp.guard.network.allowed-ips)");
		}
		return new IpAllowListHttpCustomizer(allowList);
	}

}
