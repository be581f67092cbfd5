package dev.mcpguard.protocol;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Base of MCP Guard's servlet filters: {@link #doFilterInternal} runs on the request's own dispatch
 * ({@link DispatcherType#REQUEST}) only. Async and error dispatches pass straight on, as through Spring's
 * {@code OncePerRequestFilter} with its defaults, and so do forward and include dispatches (which that class skips
 * once it has run for the request). Unlike that class it needs no request attribute to know whether it ran, which on
 * every call costs a name, an attribute set, read and removed per filter, through each request wrapper.
 */
public abstract class RequestDispatchFilter implements Filter {

	@Override
	public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request.getDispatcherType() == DispatcherType.REQUEST && request instanceof HttpServletRequest httpRequest
				&& response instanceof HttpServletResponse httpResponse && !shouldNotFilter(httpRequest)) {
			doFilterInternal(httpRequest, httpResponse, chain);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	/**
	 * Whether this request passes the filter without its check.
	 * @param request the request
	 * @return {@code true} to skip {@link #doFilterInternal}; {@code false} by default
	 */
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return false;
	}

	/**
	 * The filter's work, once per request.
	 * @param request the request
	 * @param response the response
	 * @param chain the rest of the chain
	 * @throws IOException from the chain or the response
	 * @throws ServletException from the chain
	 */
	protected abstract void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException;

}
