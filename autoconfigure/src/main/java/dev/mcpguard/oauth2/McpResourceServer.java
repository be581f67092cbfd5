package dev.mcpguard.oauth2;

import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * This MCP server as an OAuth 2.1 resource server: how its access tokens are checked and how it describes itself to
 * clients (RFC 9728). MCP Guard's chain authenticates JWTs with {@link #authenticationManager()} beside its own
 * tokens and serves {@link #metadata()} at {@link #METADATA_PATH} and at the path-suffixed form for the MCP endpoint.
 */
public final class McpResourceServer {

	/** Path of the protected resource metadata (RFC 9728), also followed by the MCP endpoint's path. */
	public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

	private final AuthenticationManager authenticationManager;

	private final @Nullable String resource;

	private final List<String> authorizationServers;

	private final List<String> scopesSupported;

	private final List<String> requiredScopes;

	/**
	 * Create the resource server.
	 * @param decoder the decoder of access tokens, which checks signature, issuer, expiry and audience
	 * @param converter the converter of a valid token into the caller's authentication
	 * @param resource the canonical URI of this resource, or {@code null} to name the one a request addressed
	 * @param authorizationServers the issuers clients may get tokens from
	 * @param scopesSupported the scopes this resource understands
	 * @param requiredScopes the scopes every token must carry
	 */
	public McpResourceServer(JwtDecoder decoder, JwtCallerConverter converter, @Nullable String resource,
			List<String> authorizationServers, List<String> scopesSupported, List<String> requiredScopes) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(converter);
		this.authenticationManager = provider::authenticate;
		this.resource = resource;
		this.authorizationServers = List.copyOf(authorizationServers);
		this.scopesSupported = List.copyOf(scopesSupported);
		this.requiredScopes = List.copyOf(requiredScopes);
	}

	/**
	 * Authenticates a JWT bearer token presented by a request, refusing a certificate-bound token (RFC 8705) that
	 * the request's client certificate does not match.
	 * @param request the request
	 * @return the authentication manager (not a bean: the application's global manager stays its own)
	 */
	public AuthenticationManager authenticationManager(HttpServletRequest request) {
		return (authentication) -> {
			Authentication result = this.authenticationManager.authenticate(authentication);
			if (result instanceof JwtAuthenticationToken jwt) {
				CertificateBinding.verify(jwt.getToken(), request);
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
