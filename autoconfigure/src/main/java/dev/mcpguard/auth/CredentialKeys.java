package dev.mcpguard.auth;

import org.springframework.security.core.Authentication;

/**
 * The identity of the credential behind an authentication, for what must rest on the credential rather than on a
 * display name (session ownership, per-credential session limits): a token by its id, a client certificate by its
 * subject, anything else by its type and name. Two tokens issued under one name are two credentials.
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
		if (authentication instanceof BearerTokenAuthentication bearer && bearer.getTokenPrincipal() != null) {
			return "token:" + bearer.getTokenPrincipal().tokenId();
		}
		if (authentication instanceof ClientCertificateAuthentication) {
			return "certificate:" + authentication.getName();
		}
		return authentication.getClass().getSimpleName() + ":" + authentication.getName();
	}

}
