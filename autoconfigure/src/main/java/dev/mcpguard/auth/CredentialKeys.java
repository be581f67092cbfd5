package dev.mcpguard.auth;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * The identity of the credential behind an authentication, for what must rest on the credential rather than on a
 * display name (session ownership, per-credential session limits): a token by its id, a client certificate by its
 * subject, an authorization server's access token by its issuer and subject, anything else by its type and name.
 * Two tokens issued under one name are two credentials; two issuers with the same subject are two principals.
 */
public final class CredentialKeys {

	private CredentialKeys() {
	}

	/**
	 * The key of an authentication's credential.
	 * @param authentication an authenticated request
	 * @return a key such as {@code token:<token id>} or {@code certificate:<subject>}
	 */
	public static String of(Authentication authentication) {
		if (authentication instanceof McpTokenAuthentication token) {
			return "token:" + token.getTokenPrincipal().tokenId();
		}
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
			return AccessTokenCallers.credentialKey(token);
		}
		if (authentication instanceof ClientCertificateAuthentication) {
			return "certificate:" + authentication.getName();
		}
		return authentication.getClass().getSimpleName() + ":" + authentication.getName();
	}

}
