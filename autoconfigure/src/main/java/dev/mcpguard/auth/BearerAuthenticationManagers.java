package dev.mcpguard.auth;

import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Picks, per request, how Spring Security's resource-server filter checks a bearer token: a JWT (three
 * dot-separated parts) goes to the JWT authentication of an OAuth 2.1 authorization server when one is configured;
 * any other token is first looked up among MCP Guard's own by its SHA-256 hash (for a request from a locked-out
 * address, {@link LockedOutRequests}, only among the tokens known without a database lookup) and, when it is none of
 * them and opaque tokens of an authorization server are accepted, introspected (never for a locked-out address).
 * With introspection, a token without the prefix of MCP Guard's issued tokens is never looked up in the database.
 * One bearer pipeline for every kind: the same filter, entry point, failure accounting and audit.
 */
public final class BearerAuthenticationManagers implements AuthenticationManagerResolver<HttpServletRequest> {

	private final AuthenticationManager tokens;

	private final AuthenticationManager knownTokens;

	private final @Nullable Function<HttpServletRequest, @Nullable AuthenticationManager> jwts;

	private final @Nullable Function<HttpServletRequest, @Nullable AuthenticationManager> opaqueTokens;

	/**
	 * Create the resolver.
	 * @param authenticator MCP Guard's token authenticator
	 * @param jwts the JWT authentication of a request, or {@code null} when JWTs are not accepted
	 * @param opaqueTokens the introspection of a request's opaque token, or {@code null} when opaque tokens of an
	 * authorization server are not accepted
	 */
	public BearerAuthenticationManagers(TokenAuthenticator authenticator,
			@Nullable Function<HttpServletRequest, @Nullable AuthenticationManager> jwts,
			@Nullable Function<HttpServletRequest, @Nullable AuthenticationManager> opaqueTokens) {
		this.tokens = authenticator::authenticate;
		this.knownTokens = authenticator::authenticateKnown;
		this.jwts = jwts;
		this.opaqueTokens = opaqueTokens;
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		boolean lockedOut = LockedOutRequests.retryAfterSeconds(request) > 0;
		return (authentication) -> {
			AuthenticationManager jwt = (this.jwts != null
					&& isJwt(((BearerTokenAuthenticationToken) authentication).getToken())) ? this.jwts.apply(request) : null;
			if (jwt != null) {
				return jwt.authenticate(authentication);
			}
			// With introspection, a token that MCP Guard cannot have issued is looked up only among the tokens known
			// without the database: an authorization server's opaque token costs no query and works while it is away.
			boolean lookUp = !lockedOut && (this.opaqueTokens == null || isIssued(authentication));
			try {
				return (lookUp ? this.tokens : this.knownTokens).authenticate(authentication);
			}
			catch (BadCredentialsException unknown) {
				AuthenticationManager opaque = (this.opaqueTokens != null && !lockedOut) ? this.opaqueTokens.apply(request) : null;
				if (opaque == null) {
					throw unknown;
				}
				return opaque.authenticate(authentication);
			}
		};
	}

	private static boolean isIssued(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		return token != null && token.startsWith(TokenHashes.ISSUED_PREFIX);
	}

	static boolean isJwt(String token) {
		int first = token.indexOf('.');
		int second = (first > 0) ? token.indexOf('.', first + 1) : -1;
		return second > first + 1 && token.indexOf('.', second + 1) < 0;
	}

}
