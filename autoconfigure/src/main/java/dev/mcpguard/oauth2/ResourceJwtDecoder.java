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

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Decodes access tokens with the application's {@link JwtDecoder} (signature, issuer, expiry: Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}), refuses a token whose audience does not contain this
 * resource (RFC 8707), and remembers a valid token for a while so that its signature is not checked again on each
 * request of a session. A remembered token is refused once it expires, like any other. Tokens are remembered by their
 * SHA-256 digest, never as such.
 */
public final class ResourceJwtDecoder implements JwtDecoder {

	// A full cache is emptied rather than evicted entry by entry: it refills at the cost of one check per token.
	private static final int MAX_REMEMBERED = 10_000;

	private final JwtDecoder delegate;

	private final @Nullable String requiredAudience;

	private final Duration ttl;

	private final Clock clock;

	private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

	/**
	 * Create the decoder.
	 * @param delegate the application's decoder
	 * @param requiredAudience the value the audience must contain, or {@code null} to accept any audience
	 * @param ttl how long a valid token is remembered, zero for never
	 * @param clock the clock
	 */
	public ResourceJwtDecoder(JwtDecoder delegate, @Nullable String requiredAudience, Duration ttl, Clock clock) {
		this.delegate = delegate;
		this.requiredAudience = requiredAudience;
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String key = sha256(token);
		Instant now = this.clock.instant();
		Remembered known = this.remembered.get(key);
		if (known != null && now.isBefore(known.until())) {
			return known.jwt();
		}
		Jwt jwt = this.delegate.decode(token);
		if (this.requiredAudience != null && (jwt.getAudience() == null || !jwt.getAudience().contains(this.requiredAudience))) {
			throw new BadJwtException("The access token was not issued for this resource (audience " + jwt.getAudience() + ")");
		}
		remember(key, jwt, now);
		return jwt;
	}

	private void remember(String key, Jwt jwt, Instant now) {
		if (this.ttl.isZero() || this.ttl.isNegative()) {
			return;
		}
		Instant until = now.plus(this.ttl);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		if (this.remembered.size() >= MAX_REMEMBERED) {
			this.remembered.clear();
		}
		this.remembered.put(key, new Remembered(jwt, until));
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record Remembered(Jwt jwt, Instant until) {
	}

}
