package dev.mcpguard.auth;

import java.time.Clock;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a {@link BearerTokenAuthentication} against the {@link TokenStore}s, first match wins. Error
 * messages never contain the token.
 */
public class BearerTokenAuthenticationProvider implements AuthenticationProvider {

	private final List<TokenStore> stores;

	private final Clock clock;

	/**
	 * Create the provider.
	 * @param stores the token stores, in lookup order
	 * @param clock the clock used for expiry
	 */
	public BearerTokenAuthenticationProvider(List<TokenStore> stores, Clock clock) {
		this.stores = List.copyOf(stores);
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String token = ((BearerTokenAuthentication) authentication).getCredentials();
		if (token == null || token.isEmpty()) {
			throw new BadCredentialsException("Missing bearer token");
		}
		String hash = TokenHashes.sha256Hex(token);
		for (TokenStore store : this.stores) {
			TokenPrincipal principal = store.findByHash(hash);
			if (principal != null && TokenHashes.matches(principal.hash(), hash)) {
				if (principal.isExpired(this.clock.instant())) {
					throw new CredentialsExpiredException("Bearer token expired");
				}
				return BearerTokenAuthentication.authenticated(principal);
			}
		}
		throw new BadCredentialsException("Invalid bearer token");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthentication.class.isAssignableFrom(authentication);
	}

}
