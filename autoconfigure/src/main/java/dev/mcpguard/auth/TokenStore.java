package dev.mcpguard.auth;

import org.jspecify.annotations.Nullable;

/**
 * A source of bearer tokens, looked up by the SHA-256 of the presented token. Lookups run on every request:
 * implementations backed by a database must cache.
 */
@FunctionalInterface
public interface TokenStore {

	/**
	 * Find the principal of a token.
	 * @param sha256Hex the hex SHA-256 of the presented token
	 * @return the principal, or {@code null} if this store does not know the token
	 * @throws org.springframework.security.core.AuthenticationException if the token is known but must be refused
	 * (for example revoked)
	 */
	@Nullable TokenPrincipal findByHash(String sha256Hex);

	/**
	 * Find the principal of a token without any lookup a guess could trigger (no database round trip): used for
	 * requests from an address locked out for failed attempts ({@link LockedOutRequests}).
	 * @param sha256Hex the hex SHA-256 of the presented token
	 * @return the principal, or {@code null} if the token is not known without a lookup
	 */
	default @Nullable TokenPrincipal findKnownByHash(String sha256Hex) {
		return findByHash(sha256Hex);
	}

	/**
	 * Note that a token of this store was accepted (not expired, revoked or overdue), for its {@code last used}.
	 * @param principal the accepted token
	 */
	default void recordUse(TokenPrincipal principal) {
	}

	/**
	 * Whether the store knows a token from memory alone, without I/O. Redaction asks it for token-like words of
	 * every call's arguments, to mask the server's own tokens wherever they appear; a store that cannot answer
	 * without I/O answers {@code false}.
	 * @param sha256Hex the hex SHA-256 of a word
	 * @return {@code true} if the word is a token this store knows
	 */
	default boolean knowsInMemory(String sha256Hex) {
		return false;
	}

}
