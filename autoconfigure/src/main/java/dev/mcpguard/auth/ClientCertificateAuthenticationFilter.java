package dev.mcpguard.auth;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;

import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.protocol.RequestDispatchFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Authenticates a request by the client certificate that the servlet container verified during the TLS handshake
 * ({@code server.ssl.client-auth=need|want}). A request that carries an {@code Authorization} header is left to the
 * bearer-token filter: the token decides, the certificate only secured the connection. A request without a
 * certificate passes on unauthenticated. A certificate that the {@link ClientCertificateAuthenticator} refuses, or
 * that expired while its connection stayed open, ends the request at the {@link AuthenticationEntryPoint} (401).
 */
public class ClientCertificateAuthenticationFilter extends RequestDispatchFilter {

	/** Request attribute under which the servlet container exposes the client's certificate chain. */
	static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private static final Log logger = LogFactory.getLog(ClientCertificateAuthenticationFilter.class);

	private final ClientCertificateAuthenticator authenticator;

	private final AuthenticationEntryPoint entryPoint;

	private final Clock clock;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

	/**
	 * Create the filter.
	 * @param authenticator maps certificates to principals
	 * @param entryPoint answers refused requests
	 * @param clock the clock against which certificate expiry is checked
	 */
	public ClientCertificateAuthenticationFilter(ClientCertificateAuthenticator authenticator,
			AuthenticationEntryPoint entryPoint, Clock clock) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		X509Certificate certificate = clientCertificate(request);
		if (certificate == null || request.getHeader(HttpHeaders.AUTHORIZATION) != null || isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		try {
			if (this.clock.millis() > certificate.getNotAfter().getTime()) {
				throw new ClientCertificateException("Client certificate expired");
			}
			Authentication result = this.authenticator.authenticate(certificate);
			SecurityContext context = this.holder.createEmptyContext();
			context.setAuthentication(result);
			this.holder.setContext(context);
			// the asynchronous re-dispatch of a streamed response must see the same principal
			this.repository.saveContext(context, request, response);
		}
		catch (AuthenticationException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refused client certificate: " + LogText.safe(ex.getMessage()));
			}
			this.holder.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isAuthenticated() {
		Authentication current = this.holder.getContext().getAuthentication();
		return current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken);
	}

	private static @Nullable X509Certificate clientCertificate(HttpServletRequest request) {
		Object attribute = request.getAttribute(CERTIFICATES_ATTRIBUTE);
		if (attribute instanceof X509Certificate[] chain && chain.length > 0) {
			return chain[0];
		}
		return null;
	}

}
