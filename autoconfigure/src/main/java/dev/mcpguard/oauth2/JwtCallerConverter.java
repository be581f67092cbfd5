package dev.mcpguard.oauth2;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT access token into the caller's authentication: named {@code subject@issuer}
 * ({@link TokenClaims#principalName}), with the roles and scopes {@link TokenClaims} reads as authorities.
 */
public final class JwtCallerConverter implements Converter<Jwt, JwtAuthenticationToken> {

	private final TokenClaims claims;

	/**
	 * Create the converter.
	 * @param claims the reader of roles and scopes
	 */
	public JwtCallerConverter(TokenClaims claims) {
		this.claims = claims;
	}

	@Override
	public JwtAuthenticationToken convert(Jwt jwt) {
		return new JwtAuthenticationToken(jwt, this.claims.authorities(jwt.getClaims()),
				TokenClaims.principalName(jwt.getClaims()));
	}

}
