package dev.mcpguard.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a presented bearer token (Spring Security's {@link BearerTokenAuthenticationToken}) against the {@link TokenStore}s (first match wins), then
 * refuses expired, revoked and, if the policy says so, overdue tokens. Error messages never contain the token.
 * <p>
 * Deliberately not an {@code AuthenticationProvider}: Spring Security would make a provider bean the application's
 * global {@code AuthenticationManager}, replacing the application's own user store. {@link McpGuardConfigurer} uses
 * it inside MCP Guard's chain only, through {@link BearerAuthenticationManagers}.
 */
public class TokenAuthenticator {

	private final List<TokenStore> stores;

	private final @Nullable TokenRevocations revocations;

	private final Clock clock;

	private final Duration maxTokenAge;

	private final boolean rejectOverdue;

	/**
	 * Create the provider.
	 * @param stores the token stores, in lookup order
	 * @param revocations the shared revocations, or {@code null} without a database
	 * @param clock the clock used for expiry
	 * @param maxTokenAge the rotation policy
	 * @param rejectOverdue whether tokens older than {@code maxTokenAge} are refused
	 */
	public TokenAuthenticator(List<TokenStore> stores, @Nullable TokenRevocations revocations, Clock clock,
			Duration maxTokenAge, boolean rejectOverdue) {
		this.stores = List.copyOf(stores);
		this.revocations = revocations;
		this.clock = clock;
		this.maxTokenAge = maxTokenAge;
		this.rejectOverdue = rejectOverdue;
	}

	/**
	 * Authenticate a presented token.
	 * @param authentication the presented {@link BearerTokenAuthenticationToken}
	 * @return the authenticated token principal
	 * @throws AuthenticationException if the token is missing, unknown, expired, revoked or overdue
	 */
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		return authenticate(authentication, false);
	}

	/**
	 * Authenticate a presented token without any database lookup, for a request from a locked-out address
	 * ({@link LockedOutRequests}).
	 * @param authentication the presented {@link BearerTokenAuthenticationToken}
	 * @return the authenticated token principal
	 * @throws AuthenticationException if the token is missing, not known without a lookup, expired, revoked or
	 * overdue
	 */
	public Authentication authenticateKnown(Authentication authentication) throws AuthenticationException {
		return authenticate(authentication, true);
	}

	private Authentication authenticate(Authentication authentication, boolean knownOnly) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (token == null || token.isEmpty()) {
			throw new BadCredentialsException("Missing bearer token");
		}
		String hash = TokenHashes.sha256Hex(token);
		for (TokenStore store : this.stores) {
			TokenPrincipal principal = knownOnly ? store.findKnownByHash(hash) : store.findByHash(hash);
			if (principal != null && TokenHashes.matches(principal.hash(), hash)) {
				check(principal);
				store.recordUse(principal);
				return McpTokenAuthentication.authenticated(principal);
			}
		}
		throw new BadCredentialsException("Invalid bearer token");
	}

	private void check(TokenPrincipal principal) {
		Instant now = this.clock.instant();
		if (principal.isExpired(now)) {
			throw new CredentialsExpiredException("Bearer token expired");
		}
		if (this.revocations != null && this.revocations.isRevoked(principal.tokenId())) {
			throw new DisabledException("Bearer token revoked");
		}
		if (this.rejectOverdue && principal.isOverdue(now, this.maxTokenAge)) {
			throw new CredentialsExpiredException("Bearer token older than the maximum token age");
		}
	}

}
