package dev.mcpguard.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.protocol.JsonResponses;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Refuses with 403 a request whose remote address is not in the {@link IpAllowList}, before any authentication.
 * The remote address is {@code ServletRequest.getRemoteAddr()}: behind a reverse proxy, configure Spring Boot's
 * {@code server.forward-headers-strategy} (and the proxy's trusted addresses) so it is the client's address.
 */
public class IpAllowListFilter extends RequestDispatchFilter {

	private static final Log logger = LogFactory.getLog(IpAllowListFilter.class);

	private static final byte[] BODY = "{\"error\":\"forbidden\",\"message\":\"Client address not allowed.\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final IpAllowList allowList;

	/**
	 * Create the filter.
	 * @param allowList the allowed addresses
	 */
	public IpAllowListFilter(IpAllowList allowList) {
		this.allowList = allowList;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String remoteAddress = request.getRemoteAddr();
		if (this.allowList.allows(remoteAddress)) {
			chain.doFilter(request, response);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + LogText.safe(request.getMethod()) + " " + LogText.safe(request.getRequestURI())
					+ " from " + LogText.safe(remoteAddress) + ": not in mcp.guard.network.allowed-ips");
		}
		JsonResponses.write(response, HttpServletResponse.SC_FORBIDDEN, BODY);
	}

}
