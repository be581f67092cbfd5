package dev.mcpguard.autoconfigure;

import java.util.Locale;
import java.util.function.Predicate;

import dev.mcpguard.pipeline.McpGuardStartupException;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start a Spring AI MCP server in a mode that MCP Guard does not wrap, before any bean is created: an
 * unguarded mode must not serve tools. Guarded: Streamable HTTP and stateless HTTP, synchronous tools, on WebMVC.
 * Refused, each with what to set instead: the SSE protocol (also Spring AI's default when
 * {@code spring.ai.mcp.server.protocol} is unset), asynchronous tools ({@code type=ASYNC}), the stdio transport and
 * the WebFlux transports. Does nothing when MCP Guard or Spring AI's MCP server is disabled. Registered in
 * {@code META-INF/spring.factories}.
 */
final class McpServerSupportCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	static final String WEBFLUX_SERVER = "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStreamableHttpWebFluxAutoConfiguration";

	private static final String MCP_SERVER = "io.modelcontextprotocol.server.McpSyncServer";

	private static final String SERVER_PREFIX = "spring.ai.mcp.server.";

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ClassLoader classLoader = event.getSpringApplication().getClassLoader();
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		check(event.getEnvironment(), (name) -> ClassUtils.isPresent(name, loader));
	}

	/**
	 * Check the MCP server configuration.
	 * @param environment the application's environment
	 * @param classPresent whether a class is on the application's class path
	 * @throws McpGuardStartupException when the configured server mode is not one MCP Guard wraps
	 */
	static void check(PropertyResolver environment, Predicate<String> classPresent) {
		if (!environment.getProperty(McpGuardProperties.CONFIG_PREFIX + ".enabled", Boolean.class, true)
				|| !environment.getProperty(SERVER_PREFIX + "enabled", Boolean.class, true)
				|| !classPresent.test(MCP_SERVER)) {
			return;
		}
		if (classPresent.test(WEBFLUX_SERVER)) {
			refuse("a WebFlux MCP server (spring-ai-starter-mcp-server-webflux is on the class path): MCP Guard wraps "
					+ "Spring AI's WebMVC transports only, and with both on the class path two MCP transports compete.",
					"Use spring-ai-starter-mcp-server-webmvc (MCP Guard's starter brings it) instead of "
							+ "spring-ai-starter-mcp-server-webflux, or set mcp.guard.enabled=false to run without MCP Guard.");
		}
		if (environment.getProperty(SERVER_PREFIX + "stdio", Boolean.class, false)) {
			refuse("the stdio transport (spring.ai.mcp.server.stdio=true): it has no HTTP request to authenticate.",
					"Serve the MCP server over HTTP (spring.ai.mcp.server.protocol=STREAMABLE), or set "
							+ "mcp.guard.enabled=false for a local stdio server.");
		}
		String type = environment.getProperty(SERVER_PREFIX + "type", "SYNC").trim().toUpperCase(Locale.ROOT);
		if (!type.equals("SYNC")) {
			refuse("spring.ai.mcp.server.type=" + type + ": MCP Guard's pipeline wraps synchronous tools only.",
					"Set spring.ai.mcp.server.type=SYNC (synchronous tool methods; the servlet transport runs them on the "
							+ "request thread).");
		}
		String protocol = environment.getProperty(SERVER_PREFIX + "protocol");
		String normalized = (protocol != null) ? protocol.trim().toUpperCase(Locale.ROOT) : null;
		if (!"STREAMABLE".equals(normalized) && !"STATELESS".equals(normalized)) {
			refuse(((protocol != null) ? "spring.ai.mcp.server.protocol=" + protocol
					: "spring.ai.mcp.server.protocol is not set, so Spring AI serves the deprecated SSE transport")
					+ ": MCP Guard wraps the Streamable HTTP and stateless transports only.",
					"Set spring.ai.mcp.server.protocol=STREAMABLE (or STATELESS).");
		}
	}

	private static void refuse(String found, String action) {
		throw new McpGuardStartupException("MCP Guard cannot guard " + found, action);
	}

}
