package dev.mcpguard.ratelimit;

import dev.mcpguard.pipeline.RequestRefusals;
import dev.mcpguard.pipeline.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

import dev.mcpguard.auth.CredentialKeys;
import dev.mcpguard.auth.SessionBindingFilter;
import dev.mcpguard.protocol.JsonResponses;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Limits how fast one credential opens MCP sessions: a POST to the MCP endpoint without {@code Mcp-Session-Id} is an
 * {@code initialize}, and one over the limit is answered 429 with {@code Retry-After}, before the transport creates
 * a session. With the per-credential session cap of {@link SessionBindingFilter}, one caller opening sessions in a
 * loop cannot leave the server without sessions for everyone else.
 */
public class InitializeRateLimitFilter extends RequestDispatchFilter {

	private final RequestMatcher mcpEndpoint;

	private final KeyedRateLimiters credentials;

	private final RateLimitViolationReporter reporter;

	private final RequestRefusals refusals;

	/**
	 * Create the filter.
	 * @param mcpEndpoint matches requests to the MCP endpoint
	 * @param credentials the per-credential limiters of session creation
	 * @param listeners observers of refused requests
	 * @param ticker the time source in nanoseconds, for the one-line-per-second log throttle
	 * @param refusals told of every refusal, for the audit trail
	 */
	public InitializeRateLimitFilter(RequestMatcher mcpEndpoint, KeyedRateLimiters credentials,
			List<RateLimitViolationListener> listeners, LongSupplier ticker, RequestRefusals refusals) {
		this.refusals = refusals;
		this.mcpEndpoint = mcpEndpoint;
		this.credentials = credentials;
		this.reporter = new RateLimitViolationReporter(listeners, ticker);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (!"POST".equals(request.getMethod()) || request.getHeader(SessionBindingFilter.SESSION_HEADER) != null
				|| authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken || !this.mcpEndpoint.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		LimiterHandle handle = this.credentials.handle(CredentialKeys.of(authentication));
		if (handle.tryAcquire()) {
			chain.doFilter(request, response);
			return;
		}
		long retryAfter = handle.retryAfterSeconds();
		this.reporter.report(new RateLimitViolation(RateLimitScope.INITIALIZE, null, authentication.getName(), null,
				request.getRemoteAddr(), handle.limit(), retryAfter), handle);
		this.refusals.refused(request, "initialize-rate", Outcome.RATE_LIMITED,
				"Too many new MCP sessions for this credential (" + handle.limit() + ")");
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		JsonResponses.write(response, 429, ("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Too many new MCP "
				+ "sessions for this credential (" + handle.limit() + "). Retry in " + retryAfter + " s.\"}}")
			.getBytes(StandardCharsets.UTF_8));
	}

}
