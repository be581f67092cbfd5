package dev.mcpguard.auth;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a bearer token stands for: the principal it authenticates and its roles. Never holds the token itself.
 *
 * @param tokenId the id of the token (for static tokens {@code static:<principal>})
 * @param name the principal name
 * @param roles the roles of the principal
 * @param createdAt when the token was issued, if known (static tokens: unknown)
 * @param expiresAt when the token stops working, if ever
 * @param hash the SHA-256 hex digest of the token
 */
public record TokenPrincipal(String tokenId, String name, Set<String> roles, @Nullable Instant createdAt,
		@Nullable Instant expiresAt, String hash) {

	public TokenPrincipal {
		roles = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(roles));
	}

	/**
	 * Whether the token has expired.
	 * @param now the current instant
	 * @return {@code true} once {@code now} is at or after the expiry
	 */
	public boolean isExpired(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	/**
	 * Whether the token is older than the rotation policy allows.
	 * @param now the current instant
	 * @param maxAge the maximum token age
	 * @return {@code true} if it was issued more than {@code maxAge} ago
	 */
	public boolean isOverdue(Instant now, java.time.Duration maxAge) {
		return this.createdAt != null && this.createdAt.plus(maxAge).isBefore(now);
	}

}
