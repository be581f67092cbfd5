package dev.mcpguard.oauth2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Asks the authorization server about an opaque access token (RFC 7662, with the application's
 * {@link OpaqueTokenIntrospector}: Spring Boot's {@code spring.security.oauth2.resourceserver.opaquetoken.*}),
 * refuses a token whose audience does not contain this resource, names the caller {@code subject@issuer} with its
 * roles and scopes, and remembers an active token for a while (never past its expiry) so that a session does not
 * cost a round trip per request ({@link RememberedTokens}). A revocation at the authorization server is therefore
 * seen within that while.
 */
public final class ResourceOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

	private final OpaqueTokenIntrospector delegate;

	private final @Nullable String requiredAudience;

	private final TokenClaims claims;

	private final RememberedTokens<OAuth2AuthenticatedPrincipal> remembered;

	/**
	 * Create the introspector.
	 * @param delegate the application's introspector
	 * @param requiredAudience the value the audience must contain, or {@code null} to accept any audience
	 * @param claims the reader of roles and scopes
	 * @param ttl how long an active token is remembered, zero for never
	 * @param clock the clock
	 */
	public ResourceOpaqueTokenIntrospector(OpaqueTokenIntrospector delegate, @Nullable String requiredAudience,
			TokenClaims claims, Duration ttl, Clock clock) {
		this.delegate = delegate;
		this.requiredAudience = requiredAudience;
		this.claims = claims;
		this.remembered = new RememberedTokens<>(ttl, clock);
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		String key = RememberedTokens.key(token);
		OAuth2AuthenticatedPrincipal known = this.remembered.get(key);
		if (known != null) {
			return known;
		}
		Map<String, Object> attributes = this.delegate.introspect(token).getAttributes();
		if (this.requiredAudience != null && !TokenClaims.audience(attributes).contains(this.requiredAudience)) {
			throw new BadOpaqueTokenException("The access token was not issued for this resource");
		}
		OAuth2AuthenticatedPrincipal principal = new OAuth2IntrospectionAuthenticatedPrincipal(
				TokenClaims.principalName(attributes), attributes, this.claims.authorities(attributes));
		Object expiresAt = attributes.get("exp");
		this.remembered.remember(key, principal, (expiresAt instanceof Instant instant) ? instant
				: (expiresAt instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue()) : null);
		return principal;
	}

}
