package dev.mcpguard.auth;

import java.time.Duration;
import java.util.List;

/**
 * What {@link McpGuardConfigurer} applies to a filter chain, as plain values (the auto-configuration derives them
 * from {@code mcp.guard.*}; a chain of the application's own may override some through the configurer's setters).
 *
 * @param allowedHosts {@code Host} names allowed besides loopback names and IP addresses
 * @param allowedOrigins {@code Origin} values allowed besides loopback origins and the server's own
 * @param sessionBinding whether MCP sessions are bound to the credential that created them
 * @param maxSessionsPerCredential how many live sessions one credential may hold
 * @param maxRequestSize the largest MCP request body, in bytes
 * @param bodyReadTimeout how long a body may take to arrive
 * @param maxSlowBodiesPerCredential how many bodies of one credential may still be arriving at once
 * @param maxJsonDepth the deepest JSON nesting of a request
 * @param retryAfterUnavailable how long a client waits before retrying when credentials could not be checked
 */
public record McpGuardHttpSettings(List<String> allowedHosts, List<String> allowedOrigins, boolean sessionBinding,
		int maxSessionsPerCredential, long maxRequestSize, Duration bodyReadTimeout, int maxSlowBodiesPerCredential,
		int maxJsonDepth, Duration retryAfterUnavailable) {

	public McpGuardHttpSettings {
		allowedHosts = List.copyOf(allowedHosts);
		allowedOrigins = List.copyOf(allowedOrigins);
	}

}
