package dev.mcpguard.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer-token {@link org.springframework.security.core.Authentication}: before authentication it carries the
 * presented token; after, the {@link TokenPrincipal} and its roles as {@code ROLE_} authorities, and no token.
 */
public final class BearerTokenAuthentication extends AbstractAuthenticationToken {

	// Role sets are few: their authorities are built once, not on every request.
	private static final Map<Set<String>, List<GrantedAuthority>> AUTHORITIES = new ConcurrentHashMap<>();

	private final @Nullable TokenPrincipal principal;

	private @Nullable String token;

	private BearerTokenAuthentication(@Nullable String token, @Nullable TokenPrincipal principal,
			Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.token = token;
		this.principal = principal;
		setAuthenticated(principal != null);
	}

	/**
	 * An authentication request for a presented token.
	 * @param token the raw token
	 * @return the unauthenticated request
	 */
	public static BearerTokenAuthentication unauthenticated(String token) {
		return new BearerTokenAuthentication(token, null, java.util.List.of());
	}

	/**
	 * A successful authentication.
	 * @param principal the principal of the token
	 * @return the authenticated token
	 */
	public static BearerTokenAuthentication authenticated(TokenPrincipal principal) {
		return new BearerTokenAuthentication(null, principal, AUTHORITIES.computeIfAbsent(principal.roles(),
				(roles) -> roles.stream().map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role)).toList()));
	}

	@Override
	public @Nullable String getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return (this.principal != null) ? this.principal : "";
	}

	/**
	 * The token principal, once authenticated.
	 * @return the principal, or {@code null} before authentication
	 */
	public @Nullable TokenPrincipal getTokenPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return (this.principal != null) ? this.principal.name() : "";
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.token = null;
	}

	@Override
	public String toString() {
		return "BearerTokenAuthentication[principal=" + getName() + ", authenticated=" + isAuthenticated() + "]";
	}

}
