package dev.mcpguard.oauth2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated access token into the caller's authentication: the token's subject at its issuer as the name
 * ({@link #principalName(Jwt)}), the values of
 * the roles claim and the roles mapped from its scopes as {@code ROLE_} authorities, its scopes as {@code SCOPE_}
 * authorities.
 */
public final class JwtCallerConverter implements Converter<Jwt, JwtAuthenticationToken> {

	private final String rolesClaim;

	private final Map<String, List<String>> scopeRoles;

	/**
	 * Create the converter.
	 * @param rolesClaim the claim whose values are roles
	 * @param scopeRoles roles granted by scopes
	 */
	public JwtCallerConverter(String rolesClaim, Map<String, List<String>> scopeRoles) {
		this.rolesClaim = rolesClaim;
		this.scopeRoles = Map.copyOf(scopeRoles);
	}

	@Override
	public JwtAuthenticationToken convert(Jwt jwt) {
		Set<String> scopes = scopes(jwt);
		Set<String> roles = new LinkedHashSet<>(values(jwt.getClaims().get(this.rolesClaim)));
		for (String scope : scopes) {
			roles.addAll(this.scopeRoles.getOrDefault(scope, List.of()));
		}
		List<GrantedAuthority> authorities = new ArrayList<>(roles.size() + scopes.size());
		roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		scopes.forEach((scope) -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
		return new JwtAuthenticationToken(jwt, authorities, principalName(jwt));
	}

	/**
	 * The principal name of a token: its subject qualified by its issuer, so that two authorization servers'
	 * callers with the same {@code sub} are two principals (in approvals, limits, audit), and no access token can
	 * take the name of one of MCP Guard's own principals.
	 * @param jwt the token
	 * @return {@code subject@issuer}
	 * @throws InvalidBearerTokenException if the token names no subject
	 */
	public static String principalName(Jwt jwt) {
		String subject = jwt.getSubject();
		if (subject == null || subject.isBlank()) {
			throw new InvalidBearerTokenException("The access token names no subject");
		}
		return subject + "@" + ((jwt.getIssuer() != null) ? jwt.getIssuer().toString() : "unknown-issuer");
	}

	/**
	 * The scopes of a token ({@code scope} as a space-separated string, or {@code scp} as a list).
	 * @param jwt the token
	 * @return the scopes, in order
	 */
	public static Set<String> scopes(Jwt jwt) {
		Object scope = jwt.getClaims().get("scope");
		return new LinkedHashSet<>(values((scope != null) ? scope : jwt.getClaims().get("scp")));
	}

	private static List<String> values(@Nullable Object claim) {
		if (claim instanceof String text) {
			return List.of(text.trim().split("\\s+")).stream().filter((value) -> !value.isEmpty()).toList();
		}
		if (claim instanceof Collection<?> many) {
			return many.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

}
