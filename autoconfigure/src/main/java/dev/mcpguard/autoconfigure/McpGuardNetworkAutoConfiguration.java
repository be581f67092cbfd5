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
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
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

	/**
	 * After a refusal (401, 413, 415, 429...) Tomcat reads what is left of the request body, up to its
	 * max-swallow-size (2 MB by default), before the thread is free: a client sending a large body one byte every few
	 * seconds holds a request thread for as long as it likes, and a few hundred of them stop the server, health
	 * checks included. With a max-swallow-size of 0 Tomcat closes such a connection after one read instead. Left as
	 * configured when the application sets {@code server.tomcat.max-swallow-size}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
			"org.apache.coyote.http11.AbstractHttp11Protocol" })
	static class TomcatConfiguration {

		private static final String MAX_SWALLOW_SIZE = "server.tomcat.max-swallow-size";

		@Bean
		@ConditionalOnMissingBean(name = "mcpGuardTomcatSwallowCustomizer")
		// After Spring Boot's own Tomcat customizer, which sets its default max-swallow-size.
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> mcpGuardTomcatSwallowCustomizer(Environment environment) {
			return (factory) -> {
				if (environment.containsProperty(MAX_SWALLOW_SIZE)) {
					return;
				}
				factory.addConnectorCustomizers((connector) -> {
					if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
						http.setMaxSwallowSize(0);
					}
				});
			};
		}

	}

}
