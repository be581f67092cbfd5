package dev.mcpguard.auth;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A request refused for lack of valid credentials (HTTP 401). Carries no secret.
 *
 * @param timestamp when it happened
 * @param clientIp the remote address
 * @param httpMethod the HTTP method
 * @param path the request path
 * @param reason why: {@code missing}, {@code malformed}, {@code invalid}, {@code expired}, {@code revoked},
 * {@code overdue}, {@code certificate} or {@code dpop} (refused by Spring Security's DPoP support)
 * @param sessionId the {@code Mcp-Session-Id} header, if sent
 */
public record AuthenticationFailure(Instant timestamp, String clientIp, String httpMethod, String path, String reason,
		@Nullable String sessionId) {

}
