package dev.mcpguard.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.mcpguard.jdbc.ClusterSync;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Revoked token ids (issued and static), stored in the shared database. Each instance holds the whole set in
 * memory and re-reads it every sync interval, so a check costs a hash lookup and a revocation made on another
 * instance takes effect within one interval; on this instance it takes effect at once.
 */
public class TokenRevocations {

	private final JdbcClient jdbc;

	private final Clock clock;

	private volatile Set<String> revoked = Set.of();

	// Revocations made here stay visible even if a refresh that started before them finishes after them.
	private final Set<String> revokedHere = ConcurrentHashMap.newKeySet();

	/**
	 * Create the revocation set and start refreshing it.
	 * @param jdbc the database
	 * @param clock the clock
	 * @param sync the background synchroniser
	 */
	public TokenRevocations(JdbcClient jdbc, Clock clock, ClusterSync sync) {
		this.jdbc = jdbc;
		this.clock = clock;
		refresh();
		sync.schedule("refresh token revocations", this::refresh);
	}

	/**
	 * Whether a token is revoked.
	 * @param tokenId the token id
	 * @return {@code true} if revoked
	 */
	public boolean isRevoked(String tokenId) {
		return this.revoked.contains(tokenId) || this.revokedHere.contains(tokenId);
	}

	/**
	 * Revoke a token for every instance.
	 * @param tokenId the token id
	 * @param revokedBy who revoked it
	 * @param reason why, if given
	 * @return {@code false} if it was revoked already
	 */
	public boolean revoke(String tokenId, String revokedBy, @Nullable String reason) {
		int rows = this.jdbc.sql("INSERT INTO mcp_guard_token_revocation (token_id, revoked_at, revoked_by, reason) "
				+ "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM mcp_guard_token_revocation WHERE token_id = ?)")
			.params(tokenId, Timestamp.from(this.clock.instant()), revokedBy, reason, tokenId)
			.update();
		this.revokedHere.add(tokenId);
		return rows > 0;
	}

	void refresh() {
		this.revoked = Set.copyOf(this.jdbc.sql("SELECT token_id FROM mcp_guard_token_revocation").query(String.class).list());
	}

}
