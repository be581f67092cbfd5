package dev.mcpguard.auth;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An MCP Guard token (static or issued) that authenticated: the {@link TokenPrincipal} and its roles as
 * {@code ROLE_} authorities. Never holds the token itself.
 */
public final class McpTokenAuthentication extends AbstractAuthenticationToken {

	// Role sets are few: their authorities are built once, not on every request.
	private static final Map<Set<String>, List<GrantedAuthority>> AUTHORITIES = new ConcurrentHashMap<>();

	private final TokenPrincipal principal;

	private McpTokenAuthentication(TokenPrincipal principal) {
		super(AUTHORITIES.computeIfAbsent(principal.roles(),
				(roles) -> roles.stream().map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role)).toList()));
		this.principal = principal;
		setAuthenticated(true);
	}

	/**
	 * A successful authentication.
	 * @param principal the principal of the token
	 * @return the authenticated token
	 */
	public static McpTokenAuthentication authenticated(TokenPrincipal principal) {
		return new McpTokenAuthentication(principal);
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	/**
	 * The token principal.
	 * @return the principal
	 */
	public TokenPrincipal getTokenPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal.name();
	}

	@Override
	public String toString() {
		return "McpTokenAuthentication[principal=" + getName() + "]";
	}

}
