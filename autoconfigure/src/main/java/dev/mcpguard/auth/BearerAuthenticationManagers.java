package dev.mcpguard.auth;

import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Picks, per request, how Spring Security's resource-server filter checks a bearer token: a JWT (three
 * dot-separated parts) goes to the JWT authentication of an OAuth 2.1 authorization server when one is configured;
 * any other token is one of MCP Guard's own, looked up by its SHA-256 hash, and, for a request from a locked-out
 * address ({@link LockedOutRequests}), only among the tokens known without a database lookup. One bearer pipeline
 * for both kinds: the same filter, entry point, failure accounting and audit.
 */
public final class BearerAuthenticationManagers implements AuthenticationManagerResolver<HttpServletRequest> {

	private final AuthenticationManager tokens;

	private final AuthenticationManager knownTokens;

	private final Function<HttpServletRequest, AuthenticationManager> jwts;

	/**
	 * Create the resolver.
	 * @param authenticator MCP Guard's token authenticator
	 * @param jwts the JWT authentication of a request, or {@code null} when no authorization server is configured
	 */
	public BearerAuthenticationManagers(TokenAuthenticator authenticator,
			@Nullable Function<HttpServletRequest, AuthenticationManager> jwts) {
		this.tokens = authenticator::authenticate;
		this.knownTokens = authenticator::authenticateKnown;
		this.jwts = (jwts != null) ? jwts : (request) -> (authentication) -> {
			throw new BadCredentialsException("Invalid bearer token");
		};
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		AuthenticationManager tokens = (LockedOutRequests.retryAfterSeconds(request) > 0) ? this.knownTokens : this.tokens;
		return (authentication) -> isJwt(((BearerTokenAuthenticationToken) authentication).getToken())
				? this.jwts.apply(request).authenticate(authentication) : tokens.authenticate(authentication);
	}

	static boolean isJwt(String token) {
		int first = token.indexOf('.');
		int second = (first > 0) ? token.indexOf('.', first + 1) : -1;
		return second > first + 1 && token.indexOf('.', second + 1) < 0;
	}

}
