package dev.mcpguard.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import dev.mcpguard.jdbc.ClusterSync;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * Issued bearer tokens in the shared database, stored as SHA-256 hashes only. Lookups are cached for a short time
 * (unknown tokens too, so random guesses do not reach the database); revocation is checked separately through
 * {@link TokenRevocations}, so it does not wait for the cache. While the database is unreachable, a token never seen
 * is refused with an {@link AuthenticationServiceException} (503) and, if allowed, a token seen before keeps working.
 * <p>
 * Asking an unreachable database can take as long as the connection pool's timeout (30 s by default): after a failed
 * lookup the store therefore answers from what it knows, without asking again, for one cache lifetime, and then lets
 * one request at a time find out whether the database is back.
 */
public class JdbcTokenStore implements TokenStore {

	private static final int MAX_CACHED = 50_000;

	private static final String UNAVAILABLE = "Token store unavailable";

	private static final String COLUMNS = "id, principal, roles, token_hash, created_at, expires_at, last_used_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	// nanoseconds, for cache and back-off times
	private final LongSupplier ticker;

	private final Duration cacheTtl;

	private final boolean serveStale;

	private final Map<String, CachedLookup> cache = new ConcurrentHashMap<>();

	private final Map<String, Instant> pendingLastUse = new ConcurrentHashMap<>();

	private final AtomicBoolean probing = new AtomicBoolean();

	// ticker time of the last failed lookup, valid while failing is set
	private volatile long failedAt;

	private volatile boolean failing;

	/**
	 * Create the store.
	 * @param jdbc the database
	 * @param clock the clock
	 * @param cacheTtl how long a lookup is reused
	 * @param sync the background synchroniser that writes last-use times
	 */
	public JdbcTokenStore(JdbcClient jdbc, Clock clock, Duration cacheTtl, ClusterSync sync) {
		this(jdbc, clock, cacheTtl, true, sync);
	}

	/**
	 * Create the store.
	 * @param jdbc the database
	 * @param clock the clock
	 * @param cacheTtl how long a lookup is reused
	 * @param serveStale whether a token looked up before keeps working while the database is unreachable
	 * @param sync the background synchroniser that writes last-use times
	 */
	public JdbcTokenStore(JdbcClient jdbc, Clock clock, Duration cacheTtl, boolean serveStale, ClusterSync sync) {
		this(jdbc, clock, System::nanoTime, cacheTtl, serveStale, sync);
	}

	JdbcTokenStore(JdbcClient jdbc, Clock clock, LongSupplier ticker, Duration cacheTtl, boolean serveStale,
			ClusterSync sync) {
		this.jdbc = jdbc;
		this.ticker = ticker;
		this.clock = clock;
		this.cacheTtl = cacheTtl;
		this.serveStale = serveStale;
		sync.schedule("record token last use", this::flushLastUse);
	}

	/**
	 * A token seen before, from the cache whatever its age (revocation is checked apart, expiry by the caller).
	 */
	@Override
	public @Nullable TokenPrincipal findKnownByHash(String sha256Hex) {
		CachedLookup cached = this.cache.get(sha256Hex);
		return (cached != null) ? cached.principal() : null;
	}

	@Override
	public @Nullable TokenPrincipal findByHash(String sha256Hex) {
		long now = this.ticker.getAsLong();
		CachedLookup cached = this.cache.get(sha256Hex);
		if (cached == null || now - cached.loadedAt() > this.cacheTtl.toNanos()) {
			cached = reload(sha256Hex, cached, now);
		}
		return cached.principal();
	}

	@Override
	public void recordUse(TokenPrincipal principal) {
		this.pendingLastUse.put(principal.tokenId(), this.clock.instant());
	}

	/**
	 * Whether a token was looked up recently on this instance and is known: only tokens in use are found, but
	 * issued tokens carry the {@code mcpg_} prefix, which redaction recognises anyway.
	 */
	@Override
	public boolean knowsInMemory(String sha256Hex) {
		return findKnownByHash(sha256Hex) != null;
	}

	private CachedLookup reload(String hash, @Nullable CachedLookup stale, long now) {
		boolean probe = false;
		if (this.failing) {
			probe = now - this.failedAt > this.cacheTtl.toNanos() && this.probing.compareAndSet(false, true);
			if (!probe) {
				return unavailable(stale, null);
			}
		}
		try {
			CachedLookup fresh = new CachedLookup(load(hash), now);
			this.failing = false;
			if (this.cache.size() >= MAX_CACHED) {
				makeRoom();
			}
			this.cache.put(hash, fresh);
			return fresh;
		}
		catch (DataAccessException ex) {
			this.failedAt = this.ticker.getAsLong();
			this.failing = true;
			return unavailable(stale, ex);
		}
		finally {
			if (probe) {
				this.probing.set(false);
			}
		}
	}

	// Fail closed for what was never seen; fail open, if allowed, for what was (revocations still apply).
	private CachedLookup unavailable(@Nullable CachedLookup stale, @Nullable DataAccessException cause) {
		if (stale == null || !this.serveStale) {
			throw (cause != null) ? new AuthenticationServiceException(UNAVAILABLE, cause)
					: new AuthenticationServiceException(UNAVAILABLE);
		}
		return stale;
	}

	private @Nullable TokenPrincipal load(String hash) {
		return this.jdbc.sql("SELECT id, principal, roles, token_hash, created_at, expires_at FROM mcp_guard_token WHERE token_hash = ?")
			.param(hash)
			.query((rs, row) -> new TokenPrincipal(rs.getString("id"), rs.getString("principal"), roles(rs.getString("roles")),
					instant(rs, "created_at"), instant(rs, "expires_at"), rs.getString("token_hash")))
			.optional()
			.orElse(null);
	}

	/**
	 * Issue a new token.
	 * @param principal the principal it authenticates
	 * @param roles the roles of the principal
	 * @param ttl how long it is valid, or {@code null} for no expiry
	 * @param createdBy who issued it
	 * @param rotatedFrom the token it replaces, if any
	 * @return the new token's id and secret; the secret is not stored and cannot be shown again
	 */
	public NewToken issue(String principal, Set<String> roles, @Nullable Duration ttl, String createdBy,
			@Nullable String rotatedFrom) {
		String id = UUID.randomUUID().toString();
		String token = TokenHashes.newToken();
		Instant now = this.clock.instant();
		Instant expiresAt = (ttl != null) ? now.plus(ttl) : null;
		this.jdbc.sql("INSERT INTO mcp_guard_token (id, principal, roles, token_hash, created_at, expires_at, created_by, rotated_from) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, principal, String.join(",", roles), TokenHashes.sha256Hex(token), Timestamp.from(now),
					(expiresAt != null) ? Timestamp.from(expiresAt) : null, createdBy, rotatedFrom)
			.update();
		return new NewToken(id, token, principal, Set.copyOf(roles), expiresAt);
	}

	/**
	 * Find an issued token by id.
	 * @param id the token id
	 * @return the token, without secret
	 */
	public Optional<StoredToken> findById(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM mcp_guard_token WHERE id = ?").param(id).query(this::storedToken).optional();
	}

	/**
	 * All issued tokens, newest first.
	 * @return the tokens, without secrets
	 */
	public List<StoredToken> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM mcp_guard_token ORDER BY created_at DESC").query(this::storedToken).list();
	}

	/**
	 * Whether any token, active or not, was ever issued for a principal name.
	 * @param principal the principal name
	 * @return {@code true} if the name is taken
	 */
	public boolean isIssued(String principal) {
		return this.jdbc.sql("SELECT count(*) FROM mcp_guard_token WHERE principal = ?").param(principal)
			.query(Long.class).single() > 0;
	}

	/**
	 * The operators that issued or rotated a principal's tokens.
	 * @param principal the principal name
	 * @return their names
	 */
	public Set<String> issuersOf(String principal) {
		return new LinkedHashSet<>(this.jdbc.sql("SELECT DISTINCT created_by FROM mcp_guard_token WHERE principal = ? "
				+ "AND created_by IS NOT NULL").param(principal).query(String.class).list());
	}

	/**
	 * Forget cached lookups, so a change made here is seen at once.
	 */
	public void evictCache() {
		this.cache.clear();
	}

	void flushLastUse() {
		for (String id : Set.copyOf(this.pendingLastUse.keySet())) {
			Instant usedAt = this.pendingLastUse.remove(id);
			if (usedAt != null) {
				this.jdbc.sql("UPDATE mcp_guard_token SET last_used_at = ? WHERE id = ?").params(Timestamp.from(usedAt), id).update();
			}
		}
	}

	private StoredToken storedToken(ResultSet rs, int row) throws SQLException {
		return new StoredToken(rs.getString("id"), rs.getString("principal"), roles(rs.getString("roles")),
				instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "last_used_at"));
	}

	private static Set<String> roles(String value) {
		Set<String> roles = new LinkedHashSet<>();
		Arrays.stream(value.split(",")).map(String::trim).filter((role) -> !role.isEmpty()).forEach(roles::add);
		return roles;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	// Unknown tokens go first: made-up tokens sent by the ten thousand must not push out the lookups of tokens that
	// work, which are what a database outage is answered from. Only when those alone fill the cache does it start over.
	private void makeRoom() {
		this.cache.values().removeIf((lookup) -> lookup.principal() == null);
		if (this.cache.size() >= MAX_CACHED) {
			this.cache.clear();
		}
	}

	private record CachedLookup(@Nullable TokenPrincipal principal, long loadedAt) {
	}

	/**
	 * A newly issued token, with its secret.
	 *
	 * @param id the token id
	 * @param token the secret, shown once
	 * @param principal the principal
	 * @param roles the roles
	 * @param expiresAt the expiry, if any
	 */
	public record NewToken(String id, String token, String principal, Set<String> roles, @Nullable Instant expiresAt) {

		@Override
		public String toString() {
			return "NewToken[id=" + this.id + ", principal=" + this.principal + "]";
		}

	}

	/**
	 * An issued token as stored, without secret.
	 *
	 * @param id the token id
	 * @param principal the principal
	 * @param roles the roles
	 * @param createdAt when it was issued
	 * @param expiresAt when it expires, if ever
	 * @param lastUsedAt when it was last used
	 */
	public record StoredToken(String id, String principal, Set<String> roles, @Nullable Instant createdAt,
			@Nullable Instant expiresAt, @Nullable Instant lastUsedAt) {

		/**
		 * The expiry as a duration from now, for rotation.
		 * @param now the current instant
		 * @return the remaining time to live, or {@code null} without expiry
		 */
		public @Nullable Duration originalTtl(Instant now) {
			return (this.expiresAt != null && this.createdAt != null) ? Duration.between(this.createdAt, this.expiresAt) : null;
		}

	}

}
