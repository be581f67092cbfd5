package dev.mcpguard.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mcpguard.auth.TokenHashes;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens found valid, remembered by their SHA-256 digest (never as such) for a while and never past their
 * expiry, so that the requests of a session do not each cost a signature check or a round trip to the
 * authorization server. A full memory is emptied rather than evicted entry by entry: it refills at the cost of one
 * check per token.
 *
 * @param <T> what a valid token stands for
 */
final class RememberedTokens<T> {

	private static final int MAX_REMEMBERED = 10_000;

	private final Duration ttl;

	private final Clock clock;

	private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

	RememberedTokens(Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * The key under which a token is remembered: its SHA-256, computed once per request by the caller.
	 * @param token the token
	 * @return the key
	 */
	static String key(String token) {
		return TokenHashes.sha256Hex(token);
	}

	@Nullable T get(String key) {
		Entry<T> entry = this.entries.get(key);
		return (entry != null && this.clock.instant().isBefore(entry.until())) ? entry.value() : null;
	}

	void remember(String key, T value, @Nullable Instant expiresAt) {
		if (this.ttl.isZero() || this.ttl.isNegative()) {
			return;
		}
		Instant until = this.clock.instant().plus(this.ttl);
		if (expiresAt != null && expiresAt.isBefore(until)) {
			until = expiresAt;
		}
		if (this.entries.size() >= MAX_REMEMBERED) {
			this.entries.clear();
		}
		this.entries.put(key, new Entry<>(value, until));
	}

	private record Entry<T>(T value, Instant until) {
	}

}
