package dev.mcpguard.oauth2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an access token that lacks a scope the MCP endpoint requires with 403 and
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="…"}, so that a client knows which scopes to
 * request (the MCP specification's step-up flow). MCP Guard's own tokens carry roles, not scopes, and pass.
 */
public final class RequiredScopesFilter extends OncePerRequestFilter {

	private final List<String> required;

	private final String challenge;

	private final byte[] body;

	private final String resourceMetadataPath;

	/**
	 * Create the filter.
	 * @param required the scopes every access token must carry
	 * @param resourceMetadataPath the path of the protected resource metadata
	 */
	public RequiredScopesFilter(List<String> required, String resourceMetadataPath) {
		this.required = List.copyOf(required);
		String scopes = String.join(" ", required);
		this.challenge = "Bearer error=\"insufficient_scope\", scope=\"" + scopes + "\", resource_metadata=\"";
		this.body = ("{\"error\":\"insufficient_scope\",\"message\":\"The access token lacks a required scope; request "
				+ "a token with scope '" + scopes + "'.\"}").getBytes(StandardCharsets.UTF_8);
		this.resourceMetadataPath = resourceMetadataPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token
				&& !TokenClaims.scopes(token.getTokenAttributes()).containsAll(this.required)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, this.challenge + UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(),
						request.getContextPath() + this.resourceMetadataPath, null) + "\"");
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			response.setContentType("application/json");
			response.getOutputStream().write(this.body);
			return;
		}
		chain.doFilter(request, response);
	}

}
