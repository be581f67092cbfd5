package dev.mcpguard.oauth2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mcpguard.auth.McpTokenService;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * What MCP Guard reads from an access token's claims, whether a JWT's or an introspection response's (RFC 7662):
 * the principal, its roles (a roles claim and roles mapped from scopes) and its scopes.
 */
public final class TokenClaims {

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final String rolesClaim;

	private final Map<String, List<String>> scopeRoles;

	/**
	 * Create the reader.
	 * @param rolesClaim the claim whose values are roles
	 * @param scopeRoles roles granted by scopes
	 */
	public TokenClaims(String rolesClaim, Map<String, List<String>> scopeRoles) {
		this.rolesClaim = rolesClaim;
		this.scopeRoles = Map.copyOf(scopeRoles);
	}

	/**
	 * The authorities of a token: {@code ROLE_} for its roles, {@code SCOPE_} for its scopes.
	 * @param claims the token's claims
	 * @return the authorities
	 */
	public List<GrantedAuthority> authorities(Map<String, Object> claims) {
		Set<String> scopes = scopes(claims);
		Set<String> roles = new LinkedHashSet<>(values(claims.get(this.rolesClaim)));
		for (String scope : scopes) {
			roles.addAll(this.scopeRoles.getOrDefault(scope, List.of()));
		}
		List<GrantedAuthority> authorities = new ArrayList<>(roles.size() + scopes.size());
		roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		scopes.forEach((scope) -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		return authorities;
	}

	/**
	 * The scopes of a token ({@code scope} as a space-separated string or a list, or {@code scp}).
	 * @param claims the token's claims
	 * @return the scopes, in order
	 */
	public static Set<String> scopes(Map<String, Object> claims) {
		Object scope = claims.get("scope");
		return new LinkedHashSet<>(values((scope != null) ? scope : claims.get("scp")));
	}

	/**
	 * The principal name of a token: its subject qualified by its issuer, so that two authorization servers'
	 * callers with the same {@code sub} are two principals (in approvals, limits, audit); MCP Guard issues no token
	 * under a name of this form (an issuer URL or {@code unknown-issuer} after the last {@code @}).
	 * @param claims the token's claims
	 * @return {@code subject@issuer}
	 * @throws InvalidBearerTokenException if the token names no subject, or the name would be longer than
	 * {@value McpTokenService#MAX_PRINCIPAL_LENGTH} characters
	 */
	public static String principalName(Map<String, Object> claims) {
		Object subject = claims.get("sub");
		if (subject == null || subject.toString().isBlank()) {
			throw new InvalidBearerTokenException("The access token names no subject");
		}
		String name = subject + "@" + issuer(claims);
		if (name.length() > McpTokenService.MAX_PRINCIPAL_LENGTH) {
			// Principals are stored with approvals, issued tokens and audit rows, in columns of this size.
			throw new InvalidBearerTokenException("The access token's subject and issuer are longer than "
					+ McpTokenService.MAX_PRINCIPAL_LENGTH + " characters");
		}
		return name;
	}

	/**
	 * The issuer of a token.
	 * @param claims the token's claims
	 * @return the issuer, {@code unknown-issuer} when the token names none
	 */
	public static String issuer(Map<String, Object> claims) {
		Object issuer = claims.get("iss");
		return (issuer != null) ? issuer.toString() : "unknown-issuer";
	}

	/**
	 * The audience of a token.
	 * @param claims the token's claims
	 * @return the audience values
	 */
	public static List<String> audience(Map<String, Object> claims) {
		return values(claims.get("aud"));
	}

	private static List<String> values(@Nullable Object claim) {
		if (claim instanceof String text) {
			return List.of(WHITESPACE.split(text.trim())).stream().filter((value) -> !value.isEmpty()).toList();
		}
		if (claim instanceof Collection<?> many) {
			return many.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

}
