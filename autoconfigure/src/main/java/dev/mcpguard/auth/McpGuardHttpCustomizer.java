package dev.mcpguard.auth;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A contribution of another MCP Guard layer (or the application) to the security filter chain, applied by
 * {@link McpGuardConfigurer} after its own filters, in {@link org.springframework.core.Ordered order}; for example
 * a filter that limits failed authentication attempts.
 */
@FunctionalInterface
public interface McpGuardHttpCustomizer {

	/**
	 * Customize the chain.
	 * @param http the chain being built
	 */
	void customize(HttpSecurity http);

}
