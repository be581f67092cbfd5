package dev.mcpguard.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.mcpguard.protocol.JsonResponses;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Binds each MCP session to the principal that created it: the {@code Mcp-Session-Id} returned by
 * {@code initialize} is recorded against the caller, and any other principal presenting that id (POST, GET or
 * DELETE) gets 404, exactly as for a session that does not exist, so session ids cannot be probed or hijacked.
 */
public class SessionBindingFilter extends RequestDispatchFilter {

	/** The MCP session header. */
	public static final String SESSION_HEADER = "Mcp-Session-Id";

	private static final byte[] NOT_FOUND = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}"
		.getBytes(StandardCharsets.UTF_8);

	private final SessionBindings bindings;

	/**
	 * Create the filter.
	 * @param bindings the session owners
	 */
	public SessionBindingFilter(SessionBindings bindings) {
		this.bindings = bindings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
			chain.doFilter(request, response);
			return;
		}
		String principal = authentication.getName();
		String sessionId = request.getHeader(SESSION_HEADER);
		if (sessionId == null) {
			chain.doFilter(request, new BindingResponse(response, principal));
			return;
		}
		String owner = this.bindings.owner(sessionId);
		if (owner != null && !owner.equals(principal)) {
			JsonResponses.write(response, HttpServletResponse.SC_NOT_FOUND, NOT_FOUND);
			return;
		}
		chain.doFilter(request, response);
		if ("DELETE".equals(request.getMethod()) && response.getStatus() < 300) {
			this.bindings.unbind(sessionId);
		}
	}

	/**
	 * Records the session id the transport hands out in the {@code initialize} response.
	 */
	private final class BindingResponse extends HttpServletResponseWrapper {

		private final String principal;

		BindingResponse(HttpServletResponse response, String principal) {
			super(response);
			this.principal = principal;
		}

		@Override
		public void setHeader(String name, String value) {
			bindIfSession(name, value);
			super.setHeader(name, value);
		}

		@Override
		public void addHeader(String name, String value) {
			bindIfSession(name, value);
			super.addHeader(name, value);
		}

		private void bindIfSession(String name, String value) {
			if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
				SessionBindingFilter.this.bindings.bind(value, this.principal);
			}
		}

	}

}
