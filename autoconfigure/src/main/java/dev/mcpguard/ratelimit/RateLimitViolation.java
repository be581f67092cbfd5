package dev.mcpguard.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * A call or request refused by a rate limit. Carries no secret.
 *
 * @param scope which limit refused it
 * @param toolName the called tool, {@code null} for a refused authentication attempt
 * @param principal the caller's principal name, {@code null} for a refused authentication attempt
 * @param sessionId the MCP session, if any
 * @param clientIp the client address, if known
 * @param limit the limit that was exceeded
 * @param retryAfterSeconds whole seconds until the limit allows the next call
 */
public record RateLimitViolation(RateLimitScope scope, @Nullable String toolName, @Nullable String principal,
		@Nullable String sessionId, @Nullable String clientIp, RateLimit limit, long retryAfterSeconds) {

}
