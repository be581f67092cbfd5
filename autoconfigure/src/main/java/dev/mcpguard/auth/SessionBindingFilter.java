package dev.mcpguard.auth;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Binds each MCP session to the principal that created it: the {@code Mcp-Session-Id} returned by
 * {@code initialize} is recorded against the caller, and any other principal presenting that id (POST, GET or
 * DELETE) is answered exactly as for a session that does not exist, so session ids cannot be probed or hijacked.
 * <p>
 * Exactly: the request goes on to the MCP transport with the session id replaced by one that no session ever
 * has, so the transport's own checks (the {@code Accept} header, the body) and its answer for an unknown session
 * (404) apply to it alike; an answer of this filter's own would differ from the transport's in one of them.
 */
public class SessionBindingFilter extends RequestDispatchFilter {

	/** The MCP session header. */
	public static final String SESSION_HEADER = "Mcp-Session-Id";

	/**
	 * The session id the transport sees in place of another principal's: the nil UUID, which the MCP SDK, whose
	 * session ids are random UUIDs, never hands out.
	 */
	static final String NO_SESSION = "00000000-0000-0000-0000-000000000000";

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
			chain.doFilter(new UnknownSessionRequest(request), response);
			return;
		}
		chain.doFilter(request, response);
		if ("DELETE".equals(request.getMethod()) && response.getStatus() < 300) {
			this.bindings.unbind(sessionId);
		}
	}

	/**
	 * The request with another principal's session id replaced by {@link #NO_SESSION}.
	 */
	private static final class UnknownSessionRequest extends HttpServletRequestWrapper {

		UnknownSessionRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return SESSION_HEADER.equalsIgnoreCase(name) ? NO_SESSION : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return SESSION_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(NO_SESSION))
					: super.getHeaders(name);
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
