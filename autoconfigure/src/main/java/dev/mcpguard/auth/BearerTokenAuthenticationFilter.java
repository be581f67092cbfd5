package dev.mcpguard.auth;

import java.io.IOException;

import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Reads {@code Authorization: Bearer <token>} and authenticates it. A request without the header passes on
 * unauthenticated (the authorization rules then refuse it); a malformed header or a refused token ends the request
 * at the {@link AuthenticationEntryPoint} (401). The security context is saved as a request attribute so the
 * asynchronous re-dispatch of a streamed MCP response sees the same principal.
 */
public class BearerTokenAuthenticationFilter extends RequestDispatchFilter {

	private static final String BEARER = "Bearer ";

	private final AuthenticationManager authenticationManager;

	private final AuthenticationManager knownOnly;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

	/**
	 * Create the filter.
	 * @param authenticationManager authenticates {@link BearerTokenAuthentication}s
	 * @param knownOnly authenticates them without a database lookup, for locked-out addresses
	 * ({@link LockedOutRequests})
	 * @param entryPoint answers refused requests
	 */
	public BearerTokenAuthenticationFilter(AuthenticationManager authenticationManager, AuthenticationManager knownOnly,
			AuthenticationEntryPoint entryPoint) {
		this.authenticationManager = authenticationManager;
		this.knownOnly = knownOnly;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		try {
			AuthenticationManager manager = (LockedOutRequests.retryAfterSeconds(request) > 0) ? this.knownOnly
					: this.authenticationManager;
			Authentication result = manager.authenticate(BearerTokenAuthentication.unauthenticated(tokenOf(header)));
			SecurityContext context = this.holder.createEmptyContext();
			context.setAuthentication(result);
			this.holder.setContext(context);
			this.repository.saveContext(context, request, response);
		}
		catch (AuthenticationException ex) {
			this.holder.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	private static String tokenOf(String header) {
		if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new BadCredentialsException("Malformed Authorization header");
		}
		String token = header.substring(BEARER.length()).trim();
		if (token.isEmpty() || token.indexOf(' ') >= 0) {
			throw new BadCredentialsException("Malformed Authorization header");
		}
		return token;
	}

}
