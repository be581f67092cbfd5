package dev.mcpguard.auth;

import dev.mcpguard.pipeline.RequestRefusals;
import dev.mcpguard.pipeline.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.mcpguard.protocol.JsonResponses;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;

/**
 * Refuses with 403 a request whose {@code Host} or {@code Origin} header the {@link OriginPolicy} does not allow,
 * against DNS rebinding, as the MCP specification requires of Streamable HTTP servers. Non-browser clients, which
 * send no {@code Origin} and the {@code Host} they were given, pass when that host is allowed. The first refusal
 * of each kind is logged as a warning saying which property to set; later ones at debug level.
 */
public class OriginFilter extends RequestDispatchFilter {

	private static final Log logger = LogFactory.getLog(OriginFilter.class);

	private static final byte[] ORIGIN_REFUSED = "{\"error\":\"forbidden\",\"message\":\"Origin not allowed.\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] HOST_REFUSED = "{\"error\":\"forbidden\",\"message\":\"Host not allowed.\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final OriginPolicy policy;

	private final RequestRefusals refusals;

	private final AtomicBoolean hostWarned = new AtomicBoolean();

	private final AtomicBoolean originWarned = new AtomicBoolean();

	/**
	 * Create the filter.
	 * @param policy the allowed hosts and origins
	 */
	public OriginFilter(OriginPolicy policy) {
		this(policy, RequestRefusals.none());
	}

	/**
	 * Create the filter.
	 * @param policy the allowed hosts and origins
	 * @param refusals told of every refusal, for the audit trail
	 */
	public OriginFilter(OriginPolicy policy, RequestRefusals refusals) {
		this.policy = policy;
		this.refusals = refusals;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String host = request.getHeader(HttpHeaders.HOST);
		if (!this.policy.allowsHost(host)) {
			refused(this.hostWarned, "host '" + host + "'", "mcp.guard.network.allowed-hosts");
			this.refusals.refused(request, "host", Outcome.DENIED, "Host not allowed (DNS rebinding protection)");
			JsonResponses.write(response, HttpServletResponse.SC_FORBIDDEN, HOST_REFUSED);
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !this.policy.allowsOrigin(origin, host)) {
			refused(this.originWarned, "origin '" + origin + "'", "mcp.guard.network.allowed-origins");
			this.refusals.refused(request, "origin", Outcome.DENIED, "Origin not allowed");
			JsonResponses.write(response, HttpServletResponse.SC_FORBIDDEN, ORIGIN_REFUSED);
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refused(AtomicBoolean warned, String what, String property) {
		if (!warned.get() && warned.compareAndSet(false, true)) {
			logger.warn("MCP Guard refused a request for " + abbreviate(what) + " with 403 (DNS rebinding protection). "
					+ "If clients reach this server under that name, list it in " + property
					+ ". Further refusals are logged at debug level.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("MCP Guard refused a request for " + abbreviate(what) + " with 403");
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 120) ? text.substring(0, 120) + "…" : text;
	}

}
