package dev.mcpguard.auth;

import java.util.Set;

import dev.mcpguard.oauth2.JwtCallerConverter;
import dev.mcpguard.pipeline.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The {@link Caller} of an authorization server's access token: named {@code subject@issuer}, the token's issuer and
 * subject, its {@code jti} as the credential (a digest of the token when it has none). Kept apart so that an application without JWT support
 * never loads it.
 */
final class JwtCallers {

	private JwtCallers() {
	}

	static Caller of(JwtAuthenticationToken authentication, Set<String> roles, @Nullable String clientIp) {
		Jwt jwt = authentication.getToken();
		String issuer = (jwt.getIssuer() != null) ? jwt.getIssuer().toString() : "unknown-issuer";
		String subject = (jwt.getSubject() != null) ? jwt.getSubject() : "";
		return new Caller(authentication.getName(), roles, "oauth2", clientIp, issuer, subject, credentialId(jwt),
				JwtCallerConverter.scopes(jwt));
	}

	static String credentialId(Jwt jwt) {
		String id = jwt.getId();
		if (id != null && !id.isEmpty()) {
			return "jti:" + id;
		}
		return "jwt-sha256:" + TokenHashes.sha256Hex(jwt.getTokenValue()).substring(0, 32);
	}

	static String credentialKey(JwtAuthenticationToken authentication) {
		Jwt jwt = authentication.getToken();
		return "oauth2:" + jwt.getIssuer() + " " + jwt.getSubject();
	}

}
