package dev.mcpguard.oauth2;

import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * This MCP server as an OAuth 2.1 resource server: how an authorization server's access tokens are checked (JWTs
 * by signature, opaque tokens by introspection) and how the server describes itself to clients (RFC 9728). MCP
 * Guard's chain authenticates them beside its own tokens and serves {@link #metadata()} at {@link #METADATA_PATH}
 * and at the path-suffixed form for the MCP endpoint.
 */
public final class McpResourceServer {

	/** Path of the protected resource metadata (RFC 9728), also followed by the MCP endpoint's path. */
	public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

	private final @Nullable AuthenticationManager jwts;

	private final @Nullable AuthenticationManager opaqueTokens;

	private final @Nullable String resource;

	private final List<String> authorizationServers;

	private final List<String> scopesSupported;

	private final List<String> requiredScopes;

	/**
	 * Create the resource server.
	 * @param decoder the decoder of JWT access tokens, which checks signature, issuer, expiry and audience, or
	 * {@code null} when access tokens are opaque only
	 * @param converter the converter of a valid JWT into the caller's authentication
	 * @param introspector the introspector of opaque access tokens, which checks audience and names the caller, or
	 * {@code null} when access tokens are JWTs only
	 * @param resource the canonical URI of this resource, or {@code null} to name the one a request addressed
	 * @param authorizationServers the issuers clients may get tokens from
	 * @param scopesSupported the scopes this resource understands
	 * @param requiredScopes the scopes every token must carry
	 */
	public McpResourceServer(@Nullable JwtDecoder decoder, JwtCallerConverter converter,
			@Nullable OpaqueTokenIntrospector introspector, @Nullable String resource, List<String> authorizationServers,
			List<String> scopesSupported, List<String> requiredScopes) {
		if (decoder != null) {
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
			provider.setJwtAuthenticationConverter(converter);
			this.jwts = provider::authenticate;
		}
		else {
			this.jwts = null;
		}
		if (introspector != null) {
			OpaqueTokenAuthenticationProvider provider = new OpaqueTokenAuthenticationProvider(introspector);
			provider.setAuthenticationConverter((token, principal) -> new BearerTokenAuthentication(principal,
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, null, null),
					principal.getAuthorities()));
			this.opaqueTokens = provider::authenticate;
		}
		else {
			this.opaqueTokens = null;
		}
		this.resource = resource;
		this.authorizationServers = List.copyOf(authorizationServers);
		this.scopesSupported = List.copyOf(scopesSupported);
		this.requiredScopes = List.copyOf(requiredScopes);
	}

	/**
	 * Authenticates a JWT access token presented by a request.
	 * @param request the request
	 * @return the authentication manager (not a bean: the application's global manager stays its own), or
	 * {@code null} when JWTs are not accepted
	 */
	public @Nullable AuthenticationManager jwtAuthentication(HttpServletRequest request) {
		return bound(this.jwts, request);
	}

	/**
	 * Authenticates an opaque access token presented by a request, by introspection.
	 * @param request the request
	 * @return the authentication manager, or {@code null} when opaque tokens are not accepted
	 */
	public @Nullable AuthenticationManager opaqueTokenAuthentication(HttpServletRequest request) {
		return bound(this.opaqueTokens, request);
	}

	// A certificate-bound token (RFC 8705) is refused unless the request's client certificate matches it.
	private static @Nullable AuthenticationManager bound(@Nullable AuthenticationManager manager, HttpServletRequest request) {
		if (manager == null) {
			return null;
		}
		return (authentication) -> {
			Authentication result = manager.authenticate(authentication);
			if (result instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
				CertificateBinding.verify(token.getTokenAttributes(), request);
			}
			return result;
		};
	}

	/**
	 * The scopes every access token must carry for the MCP endpoint.
	 * @return the scopes, empty for none
	 */
	public List<String> requiredScopes() {
		return this.requiredScopes;
	}

	/**
	 * Fills the protected resource metadata: this resource, its authorization servers, its scopes, bearer tokens in
	 * the {@code Authorization} header only, certificate-bound tokens understood.
	 * @return the customizer of Spring Security's metadata
	 */
	public Consumer<OAuth2ProtectedResourceMetadata.Builder> metadata() {
		return (builder) -> {
			if (this.resource != null) {
				builder.resource(this.resource);
			}
			if (!this.authorizationServers.isEmpty()) {
				builder.authorizationServers((servers) -> servers.addAll(this.authorizationServers));
			}
			if (!this.scopesSupported.isEmpty()) {
				builder.scopes((scopes) -> scopes.addAll(this.scopesSupported));
			}
			builder.tlsClientCertificateBoundAccessTokens(true);
		};
	}

}
