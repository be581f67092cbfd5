package dev.mcpguard.oauth2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

	@Nullable T get(String token) {
		Entry<T> entry = this.entries.get(sha256(token));
		return (entry != null && this.clock.instant().isBefore(entry.until())) ? entry.value() : null;
	}

	void remember(String token, T value, @Nullable Instant expiresAt) {
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
		this.entries.put(sha256(token), new Entry<>(value, until));
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record Entry<T>(T value, Instant until) {
	}

}
