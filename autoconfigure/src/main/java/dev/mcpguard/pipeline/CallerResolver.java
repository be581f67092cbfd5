package dev.mcpguard.pipeline;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns the authenticated HTTP request into the {@link Caller} the pipeline sees. The guard's MCP transport calls
 * it once per request, on the request thread, and stores the result in the MCP transport context.
 */
@FunctionalInterface
public interface CallerResolver {

	/**
	 * Resolve the caller of a request.
	 * @param request the HTTP request, already through the security filter chain
	 * @return the caller, {@link Caller#ANONYMOUS} if unauthenticated
	 */
	Caller resolve(HttpServletRequest request);

}
