package dev.mcpguard.protocol;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Resolves requests for the MCP endpoint before every other handler mapping, through Spring MVC's own router
 * function mapping (same router functions, interceptors, CORS and message converters); any other request is left
 * to the usual mappings at once.
 * <p>
 * Without it, every MCP request is first matched against the actuator endpoints (ordered first by Spring Boot):
 * for a {@code POST} that means content negotiation against each write and delete operation, twice per streamed
 * answer — a measurable share of a {@code tools/call} once MCP Guard's own endpoints are exposed.
 */
public final class McpEndpointHandlerMapping implements HandlerMapping, Ordered {

	/** Before Spring Boot's actuator endpoint mappings ({@code -100}). */
	public static final int ORDER = -200;

	private final String endpoint;

	private final Supplier<HandlerMapping> routerFunctionMapping;

	/**
	 * Create the mapping.
	 * @param endpoint the MCP endpoint path, e.g. {@code /mcp}
	 * @param routerFunctionMapping supplies the application's router function mapping, which the MCP transport's
	 * routes are registered with (resolved on first use)
	 */
	public McpEndpointHandlerMapping(String endpoint, Supplier<HandlerMapping> routerFunctionMapping) {
		this.endpoint = endpoint;
		this.routerFunctionMapping = SingletonSupplier.of(routerFunctionMapping);
	}

	@Override
	public @Nullable HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
		if (!isMcpEndpoint(request)) {
			return null;
		}
		return this.routerFunctionMapping.get().getHandler(request);
	}

	// Exact path only (context path aside): anything else, a servlet path prefix included, takes the usual route.
	private boolean isMcpEndpoint(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return uri.length() == contextPath.length() + this.endpoint.length() && uri.startsWith(contextPath)
				&& uri.endsWith(this.endpoint);
	}

	@Override
	public boolean usesPathPatterns() {
		return true;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
