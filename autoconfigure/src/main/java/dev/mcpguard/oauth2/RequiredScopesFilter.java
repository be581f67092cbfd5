package dev.mcpguard.oauth2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.mcpguard.auth.BearerAuthenticationEntryPoint;
import dev.mcpguard.protocol.JsonResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
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

	private final RequestMatcher mcpRequests;

	/**
	 * Create the filter.
	 * @param required the scopes every access token must carry
	 * @param resourceMetadataPath the path of the protected resource metadata
	 * @param mcpRequests the requests of the MCP endpoint, the only ones the scopes are required for
	 */
	public RequiredScopesFilter(List<String> required, String resourceMetadataPath, RequestMatcher mcpRequests) {
		this.required = List.copyOf(required);
		String scopes = String.join(" ", required);
		this.challenge = "Bearer error=\"insufficient_scope\", scope=\"" + scopes + "\", resource_metadata=\"";
		this.body = ("{\"error\":\"insufficient_scope\",\"message\":\"The access token lacks a required scope; request "
				+ "a token with scope '" + scopes + "'.\"}").getBytes(StandardCharsets.UTF_8);
		this.resourceMetadataPath = resourceMetadataPath;
		this.mcpRequests = mcpRequests;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.mcpRequests.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token
				&& !TokenClaims.scopes(token.getTokenAttributes()).containsAll(this.required)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, this.challenge
					+ BearerAuthenticationEntryPoint.resourceMetadataUrl(request, this.resourceMetadataPath) + "\"");
			JsonResponses.write(response, HttpServletResponse.SC_FORBIDDEN, this.body);
			return;
		}
		chain.doFilter(request, response);
	}

}
