package dev.mcpguard.auth;

import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.CallerResolver;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Builds the {@link Caller} from the Spring Security {@link Authentication} of the request: its issuer, subject and
 * credential, its {@code ROLE_} authorities as roles, its scopes, and the method (MCP Guard's token, an
 * authorization server's access token, a client certificate).
 */
public class SecurityContextCallerResolver implements CallerResolver {

	private static final String ROLE_PREFIX = "ROLE_";

	@Override
	public Caller resolve(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Caller.ANONYMOUS;
		}
		if (authentication instanceof McpTokenAuthentication token) {
			// The common case: the token's roles are already a set of plain role names.
			TokenPrincipal principal = token.getTokenPrincipal();
			return new Caller(principal.name(), principal.roles(), "token", request.getRemoteAddr(), Caller.LOCAL_ISSUER,
					principal.name(), principal.tokenId(), Set.of());
		}
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
			return AccessTokenCallers.of(token, roles(authentication), request.getRemoteAddr());
		}
		return new Caller(authentication.getName(), roles(authentication), methodOf(authentication), request.getRemoteAddr(),
				Caller.LOCAL_ISSUER, authentication.getName(), CredentialKeys.of(authentication), Set.of());
	}

	private static Set<String> roles(Authentication authentication) {
		Set<String> roles = new LinkedHashSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith(ROLE_PREFIX)) {
				roles.add(name.substring(ROLE_PREFIX.length()));
			}
		}
		return roles;
	}

	private static String methodOf(Authentication authentication) {
		if (authentication instanceof McpTokenAuthentication) {
			return "token";
		}
		// also Spring Security's own x509() when an application configures it in its chain
		if (authentication instanceof ClientCertificateAuthentication
				|| authentication.getCredentials() instanceof X509Certificate) {
			return "mtls";
		}
		return "other";
	}

}
