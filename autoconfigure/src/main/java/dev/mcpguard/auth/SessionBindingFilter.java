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
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Binds each MCP session to the credential that created it ({@link CredentialKeys}, not a display name): the
 * {@code Mcp-Session-Id} returned by {@code initialize} is recorded against the caller's credential, and any other
 * credential presenting that id (POST, GET or DELETE) gets 404, exactly as for a session that does not exist, so
 * session ids cannot be probed or hijacked. A credential may hold a limited number of live sessions: one more
 * {@code initialize} is answered 429 with {@code Retry-After}, so one caller cannot take every session of the server.
 */
public class SessionBindingFilter extends RequestDispatchFilter {

	/** The MCP session header. */
	public static final String SESSION_HEADER = "Mcp-Session-Id";

	private static final byte[] NOT_FOUND = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}"
		.getBytes(StandardCharsets.UTF_8);

	private final SessionBindings bindings;

	private final int maxSessionsPerCredential;

	/**
	 * Create the filter.
	 * @param bindings the session owners
	 * @param maxSessionsPerCredential how many live sessions one credential may hold
	 */
	public SessionBindingFilter(SessionBindings bindings, int maxSessionsPerCredential) {
		this.bindings = bindings;
		this.maxSessionsPerCredential = maxSessionsPerCredential;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
			chain.doFilter(request, response);
			return;
		}
		String credential = CredentialKeys.of(authentication);
		String sessionId = request.getHeader(SESSION_HEADER);
		if (sessionId == null) {
			if ("POST".equals(request.getMethod()) && refusedOverSessionLimit(credential, response)) {
				return;
			}
			chain.doFilter(request, new BindingResponse(response, credential));
			return;
		}
		String owner = this.bindings.owner(sessionId);
		if (owner != null && !owner.equals(credential)) {
			JsonResponses.write(response, HttpServletResponse.SC_NOT_FOUND, NOT_FOUND);
			return;
		}
		chain.doFilter(request, response);
		if ("DELETE".equals(request.getMethod()) && response.getStatus() < 300) {
			this.bindings.unbind(sessionId);
		}
		else if ("GET".equals(request.getMethod()) && request.isAsyncStarted()) {
			this.bindings.trackStream(credential, request.getAsyncContext());
		}
	}

	// A POST without a session id opens a session (initialize).
	private boolean refusedOverSessionLimit(String credential, HttpServletResponse response) throws IOException {
		SessionBindings.OpenSessions open = this.bindings.openSessions(credential);
		if (open.count() < this.maxSessionsPerCredential) {
			return false;
		}
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(open.secondsUntilOneIsIdle()));
		JsonResponses.write(response, 429, ("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Session limit "
				+ "reached: this credential holds " + open.count() + " open MCP sessions (at most "
				+ this.maxSessionsPerCredential + "). Close one (HTTP DELETE) or retry in " + open.secondsUntilOneIsIdle()
				+ " s.\"}}").getBytes(StandardCharsets.UTF_8));
		return true;
	}

	/**
	 * Records the session id the transport hands out in the {@code initialize} response.
	 */
	private final class BindingResponse extends HttpServletResponseWrapper {

		private final String credential;

		BindingResponse(HttpServletResponse response, String credential) {
			super(response);
			this.credential = credential;
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
				SessionBindingFilter.this.bindings.bind(value, this.credential);
			}
		}

	}

}
