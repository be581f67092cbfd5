package dev.mcpguard.oauth2;

import java.io.IOException;
import java.util.function.BiConsumer;

import dev.mcpguard.protocol.HeaderWatchingResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reports the requests that Spring Security's DPoP support (RFC 9449) refuses. That support answers a bad
 * {@code Authorization: DPoP} request with its own 401 ({@code WWW-Authenticate: DPoP error=…}), outside MCP Guard's
 * entry point, so without this filter such refusals would be neither audited nor counted as failed attempts. The
 * filter stands just before Spring Security's DPoP filter, only for requests whose {@code Authorization} header is a
 * DPoP one, and tells the given consumer (the entry point's listeners) about every such request answered 401 with
 * a DPoP challenge. It changes no answer.
 */
public class DPoPRefusalListener extends OncePerRequestFilter {

	/** Reason given to the listeners for a refused DPoP request. */
	public static final String REASON = "dpop";

	private static final String DPOP = "DPoP";

	private final BiConsumer<HttpServletRequest, String> refused;

	/**
	 * Create the filter.
	 * @param refused told of each refused DPoP request with the reason {@link #REASON}
	 */
	public DPoPRefusalListener(BiConsumer<HttpServletRequest, String> refused) {
		this.refused = refused;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization == null || !authorization.regionMatches(true, 0, DPOP + " ", 0, DPOP.length() + 1);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean[] challenged = new boolean[1];
		HeaderWatchingResponse watched = new HeaderWatchingResponse(response, HttpHeaders.WWW_AUTHENTICATE,
				(challenge) -> challenged[0] |= challenge.regionMatches(true, 0, DPOP, 0, DPOP.length()));
		chain.doFilter(request, watched);
		if (challenged[0] && watched.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
			this.refused.accept(request, REASON);
		}
	}

}
