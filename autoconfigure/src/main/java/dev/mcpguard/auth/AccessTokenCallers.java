package dev.mcpguard.auth;

import java.util.Map;
import java.util.Set;

import dev.mcpguard.oauth2.TokenClaims;
import dev.mcpguard.pipeline.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * The {@link Caller} of an authorization server's access token (a JWT or an introspected opaque token): named
 * {@code subject@issuer}, the token's issuer and subject, its {@code jti} as the credential (a digest of the token
 * when it has none).
 */
final class AccessTokenCallers {

	private AccessTokenCallers() {
	}

	static Caller of(AbstractOAuth2TokenAuthenticationToken<?> authentication, Set<String> roles, @Nullable String clientIp) {
		Map<String, Object> claims = authentication.getTokenAttributes();
		Object subject = claims.get("sub");
		return new Caller(authentication.getName(), roles, "oauth2", clientIp, TokenClaims.issuer(claims),
				(subject != null) ? subject.toString() : "", credentialId(authentication), TokenClaims.scopes(claims));
	}

	static String credentialId(AbstractOAuth2TokenAuthenticationToken<?> authentication) {
		Object id = authentication.getTokenAttributes().get("jti");
		if (id != null && !id.toString().isEmpty()) {
			return "jti:" + id;
		}
		return "token-sha256:" + TokenHashes.sha256Hex(authentication.getToken().getTokenValue()).substring(0, 32);
	}

	static String credentialKey(AbstractOAuth2TokenAuthenticationToken<?> authentication) {
		// A client renews its access tokens: what it holds across them is its subject at its issuer.
		return "oauth2:" + authentication.getName();
	}

}
