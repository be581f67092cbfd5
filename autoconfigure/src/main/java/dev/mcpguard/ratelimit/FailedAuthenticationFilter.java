package dev.mcpguard.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.mcpguard.protocol.JsonResponses;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Answers every request from a client address over its limit of failed authentication attempts with 429,
 * {@code Retry-After} (seconds) and a short JSON body, before any authentication runs. Addresses under the limit
 * pass untouched.
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
			byte[] body = ("{\"error\":\"too_many_requests\",\"message\":\"Too many failed authentication attempts. Retry in "
					+ retryAfter + " s.\"}").getBytes(StandardCharsets.UTF_8);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
			JsonResponses.write(response, HttpStatus.TOO_MANY_REQUESTS.value(), body);
			return;
		}
		chain.doFilter(request, response);
	}

}
