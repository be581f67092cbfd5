package dev.mcpguard.auth;

import dev.mcpguard.pipeline.Listeners;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.mcpguard.protocol.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.UrlUtils;

/**
 * Answers an unauthenticated request with 401, {@code WWW-Authenticate: Bearer} and a short JSON body that says
 * nothing about why the credentials failed, so it gives an attacker nothing; the reason goes to the
 * {@link AuthenticationFailureListener}s only. When the credentials could not be checked at all (the token store is
 * unreachable) it answers 503 with {@code Retry-After}: the time the token store leaves the database alone after a
 * failed lookup.
 */
public class BearerAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final Log logger = LogFactory.getLog(BearerAuthenticationEntryPoint.class);

	private static final byte[] BODY = "{\"error\":\"unauthorized\",\"message\":\"A valid bearer token or client certificate is required.\"}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] UNAVAILABLE = "{\"error\":\"unavailable\",\"message\":\"Credentials cannot be checked right now; retry shortly.\"}"
		.getBytes(StandardCharsets.UTF_8);

	/** Reason of a request that presented no credentials: not a failed attempt. */
	public static final String MISSING = "missing";

	/** Reason of a request whose credentials could not be checked (token store unreachable): not the caller's fault. */
	public static final String UNAVAILABLE_REASON = "unavailable";

	private final List<AuthenticationFailureListener> listeners;

	private final Clock clock;

	private final String retryAfterSeconds;

	private final @Nullable String resourceMetadataPath;

	/**
	 * Create the entry point.
	 * @param listeners observers of refused requests
	 * @param clock the clock
	 * @param retryAfter how long a client should wait before retrying when the credentials could not be checked,
	 * sent in whole seconds (at least one)
	 */
	public BearerAuthenticationEntryPoint(List<AuthenticationFailureListener> listeners, Clock clock, Duration retryAfter) {
		this(listeners, clock, retryAfter, null);
	}

	/**
	 * Create the entry point of an OAuth 2.1 resource server.
	 * @param listeners observers of refused requests
	 * @param clock the clock
	 * @param retryAfter how long a client should wait before retrying when the credentials could not be checked,
	 * sent in whole seconds (at least one)
	 * @param resourceMetadataPath path of the protected resource metadata (RFC 9728), named in every 401 so that a
	 * client can discover the authorization server, or {@code null} when no authorization server is configured
	 */
	public BearerAuthenticationEntryPoint(List<AuthenticationFailureListener> listeners, Clock clock, Duration retryAfter,
			@Nullable String resourceMetadataPath) {
		this.listeners = List.copyOf(listeners);
		this.clock = clock;
		long millis = Math.max(retryAfter.toMillis(), 1);
		this.retryAfterSeconds = Long.toString((millis + 999) / 1000);
		this.resourceMetadataPath = resourceMetadataPath;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
			throws IOException {
		String reason = reason(request, authException);
		notifyListeners(request, reason);
		if (response.isCommitted()) {
			return;
		}
		long lockedFor = LockedOutRequests.retryAfterSeconds(request);
		if (lockedFor > 0 && !MISSING.equals(reason) && !UNAVAILABLE_REASON.equals(reason)) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(lockedFor));
			JsonResponses.write(response, 429, ("{\"error\":\"too_many_requests\",\"message\":\"Too many failed "
					+ "authentication attempts. Retry in " + lockedFor + " s.\"}").getBytes(StandardCharsets.UTF_8));
			return;
		}
		if (authException instanceof AuthenticationServiceException) {
			// The credentials could not be checked (token store unreachable): not the caller's fault.
			response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
			JsonResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, UNAVAILABLE);
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, (this.resourceMetadataPath != null)
				? "Bearer realm=\"mcp\", resource_metadata=\"" + resourceMetadataUrl(request, this.resourceMetadataPath) + "\""
				: "Bearer realm=\"mcp\"");
		JsonResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, BODY);
	}

	/**
	 * The absolute URL of the protected resource metadata, on the host and port the client used.
	 * @param request the request
	 * @param path the path of the metadata below the context path
	 * @return the URL
	 */
	public static String resourceMetadataUrl(HttpServletRequest request, String path) {
		return UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(),
				request.getContextPath() + path, null);
	}

	/**
	 * Tell the listeners of a request refused for lack of valid credentials by a part of Spring Security that answers
	 * on its own (DPoP), so that it is audited and counted like the refusals this entry point answers.
	 * @param request the refused request
	 * @param reason why, as in {@link AuthenticationFailure#reason()}
	 */
	public void refused(HttpServletRequest request, String reason) {
		notifyListeners(request, reason);
	}

	private void notifyListeners(HttpServletRequest request, String reason) {
		if (this.listeners.isEmpty()) {
			return;
		}
		AuthenticationFailure failure = new AuthenticationFailure(this.clock.instant(), request.getRemoteAddr(),
				request.getMethod(), request.getRequestURI(), reason, request.getHeader("Mcp-Session-Id"));
		Listeners.notifyEach(this.listeners, (listener) -> listener.onAuthenticationFailure(failure), logger, "Authentication failure listener");
	}

	/**
	 * Why a request was refused, for the listeners and the audit trail.
	 * @param request the request
	 * @param ex the failure
	 * @return {@code missing} (no credentials presented: not a failed login), {@code unavailable}, {@code expired},
	 * {@code overdue}, {@code certificate}, {@code revoked}, {@code malformed} or {@code invalid}
	 */
	static String reason(HttpServletRequest request, AuthenticationException ex) {
		if (ex instanceof AuthenticationServiceException) {
			return UNAVAILABLE_REASON;
		}
		if (!(ex instanceof ClientCertificateException) && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
			return MISSING;
		}
		if (ex instanceof CredentialsExpiredException) {
			return (ex.getMessage() != null && ex.getMessage().contains("maximum token age")) ? "overdue" : "expired";
		}
		if (ex instanceof ClientCertificateException) {
			return "certificate";
		}
		if (ex instanceof DisabledException) {
			return "revoked";
		}
		if (ex instanceof BadCredentialsException && ex.getMessage() != null && ex.getMessage().startsWith("Malformed")) {
			return "malformed";
		}
		if (ex instanceof OAuth2AuthenticationException oauth2) {
			String description = String.valueOf(oauth2.getError().getDescription());
			if (description.startsWith(BearerHeaderConverter.MALFORMED)) {
				return "malformed";
			}
			return description.contains("expired") ? "expired" : "invalid";
		}
		return "invalid";
	}

}
