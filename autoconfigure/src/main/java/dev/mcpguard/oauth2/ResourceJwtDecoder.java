package dev.mcpguard.oauth2;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Decodes access tokens with the application's {@link JwtDecoder} (signature, issuer, expiry: Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}), refuses a token whose audience does not contain this
 * resource (RFC 8707), and remembers a valid token ({@link RememberedTokens}) so that its signature is not checked
 * again on each request of a session. A remembered token is refused once it expires, like any other.
 */
public final class ResourceJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final @Nullable String requiredAudience;

	private final RememberedTokens<Jwt> remembered;

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
		this.remembered = new RememberedTokens<>(ttl, clock);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String key = RememberedTokens.key(token);
		Jwt known = this.remembered.get(key);
		if (known != null) {
			return known;
		}
		Jwt jwt = this.delegate.decode(token);
		if (this.requiredAudience != null && (jwt.getAudience() == null || !jwt.getAudience().contains(this.requiredAudience))) {
			throw new BadJwtException("The access token was not issued for this resource (audience " + jwt.getAudience() + ")");
		}
		this.remembered.remember(key, jwt, jwt.getExpiresAt());
		return jwt;
	}

}
