package dev.mcpguard.auth;

import dev.mcpguard.pipeline.RequestRefusals;
import dev.mcpguard.pipeline.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import dev.mcpguard.protocol.HeaderWatchingResponse;
import dev.mcpguard.protocol.RequestDispatchFilter;
import dev.mcpguard.protocol.JsonResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Binds each MCP session to the credential that created it ({@link CredentialKeys}, not a display name): the
 * {@code Mcp-Session-Id} returned by {@code initialize} is recorded against the caller's credential, and any other
 * credential presenting that id (POST, GET or DELETE) is answered exactly as for a session that does not exist, so
 * session ids cannot be probed or hijacked. A credential may hold a limited number of live sessions: one more
 * {@code initialize} is answered 429 with {@code Retry-After}, so one caller cannot take every session of the server.
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

	private final int maxSessionsPerCredential;

	private final RequestRefusals refusals;

	/**
	 * Create the filter.
	 * @param bindings the session owners
	 * @param maxSessionsPerCredential how many live sessions one credential may hold
	 */
	public SessionBindingFilter(SessionBindings bindings, int maxSessionsPerCredential) {
		this(bindings, maxSessionsPerCredential, RequestRefusals.none());
	}

	/**
	 * Create the filter.
	 * @param bindings the session owners
	 * @param maxSessionsPerCredential how many live sessions one credential may hold
	 * @param refusals told of every refusal, for the audit trail
	 */
	public SessionBindingFilter(SessionBindings bindings, int maxSessionsPerCredential, RequestRefusals refusals) {
		this.refusals = refusals;
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
				this.refusals.refused(request, "session-limit", Outcome.RATE_LIMITED,
						"Session limit reached (" + this.maxSessionsPerCredential + " per credential)");
				return;
			}
			chain.doFilter(request, new HeaderWatchingResponse(response, SESSION_HEADER,
					(issued) -> this.bindings.bind(issued, credential)));
			return;
		}
		String owner = this.bindings.owner(sessionId);
		if (owner != null && !owner.equals(credential)) {
			this.refusals.refused(request, "session-binding", Outcome.DENIED,
					"A session id of another credential was presented; answered as an unknown session");
			chain.doFilter(new UnknownSessionRequest(request), response);
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

}
