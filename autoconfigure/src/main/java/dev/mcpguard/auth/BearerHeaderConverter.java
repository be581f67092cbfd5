package dev.mcpguard.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} for Spring Security's resource-server filter. A request without the
 * header passes on unauthenticated (the authorization rules then refuse it), as does a {@code DPoP} one (Spring
 * Security's DPoP support authenticates it); any other {@code Authorization} header,
 * or a bearer header that does not hold exactly one token, is refused as malformed. Tokens are only taken from the
 * header: never from a query parameter, where they would end up in access logs.
 */
public final class BearerHeaderConverter implements AuthenticationConverter {

	/** Start of the description of a malformed header, which the failure reason "malformed" is read from. */
	public static final String MALFORMED = "Malformed Authorization header";

	private static final String BEARER = "Bearer ";

	private static final String DPOP = "DPoP ";

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.regionMatches(true, 0, DPOP, 0, DPOP.length())) {
			// A DPoP-bound token (RFC 9449) is Spring Security's DPoP filter's, which checks its proof.
			return null;
		}
		if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new InvalidBearerTokenException(MALFORMED);
		}
		String token = header.substring(BEARER.length()).trim();
		if (token.isEmpty() || token.indexOf(' ') >= 0) {
			throw new InvalidBearerTokenException(MALFORMED);
		}
		return new BearerTokenAuthenticationToken(token);
	}

}
