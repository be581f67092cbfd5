package dev.mcpguard.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mcpguard.protocol.JsonResponses;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Refuses with 403 a request whose {@code Origin} header is present and not allowed, as the MCP specification
 * requires of Streamable HTTP servers against DNS rebinding. Requests without an Origin (non-browser clients)
 * pass.
 */
public class OriginFilter extends RequestDispatchFilter {

	private static final byte[] BODY = "{\"error\":\"forbidden\",\"message\":\"Origin not allowed.\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final Set<String> allowedOrigins;

	/**
	 * Create the filter.
	 * @param allowedOrigins the allowed origins, compared without case and trailing slash
	 */
	public OriginFilter(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins.stream().map(OriginFilter::normalize).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !this.allowedOrigins.contains(normalize(origin))) {
			JsonResponses.write(response, HttpServletResponse.SC_FORBIDDEN, BODY);
			return;
		}
		chain.doFilter(request, response);
	}

	private static String normalize(String origin) {
		String value = origin.trim().toLowerCase(Locale.ROOT);
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

}
