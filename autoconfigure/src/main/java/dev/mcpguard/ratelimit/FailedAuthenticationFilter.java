package dev.mcpguard.ratelimit;

import java.io.IOException;

import dev.mcpguard.auth.LockedOutRequests;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;


/**
 * Marks every request from a client address over its limit of failed authentication attempts
 * ({@link LockedOutRequests}) before any authentication runs: its credentials are then checked without a database
 * lookup, and a failed one is answered 429 with {@code Retry-After}. Addresses under the limit pass untouched.
 */
public class FailedAuthenticationFilter extends RequestDispatchFilter {

	private final FailedAuthenticationLimiter limiter;

	/**
	 * Create the filter.
	 * @param limiter the failed-attempt counts
	 */
	public FailedAuthenticationFilter(FailedAuthenticationLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long retryAfter = this.limiter.retryAfterSeconds(request.getRemoteAddr());
		if (retryAfter > 0) {
			LockedOutRequests.lock(request, retryAfter);
		}
		chain.doFilter(request, response);
	}

}
