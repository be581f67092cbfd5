package dev.mcpguard.auth;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A token as operators see it: everything but the secret.
 *
 * @param id the token id
 * @param principal the principal it authenticates
 * @param roles the roles of the principal
 * @param source {@code issued} (stored in the database) or {@code static} (from configuration)
 * @param createdAt when it was issued, if known
 * @param expiresAt when it expires, if ever
 * @param lastUsedAt when it last authenticated a request (updated at most once a sync interval)
 * @param revoked whether it is revoked
 * @param overdue whether it is older than the maximum token age and should be rotated
 */
public record IssuedToken(String id, String principal, Set<String> roles, String source, @Nullable Instant createdAt,
		@Nullable Instant expiresAt, @Nullable Instant lastUsedAt, boolean revoked, boolean overdue) {

}
