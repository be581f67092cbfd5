package dev.mcpguard.pipeline;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An operator's change to MCP Guard's state through its runbook endpoints: a token issued, rotated or revoked, a
 * tool disabled, enabled or given another limit, an approval decided. Audited in the same hash chain as tool calls,
 * with the operator's identity and the reason given. Carries no secret (never an issued token's value).
 *
 * @param time when it happened
 * @param operator the operator's principal name
 * @param clientIp the operator's address, if known
 * @param endpoint the endpoint acted through ({@code mcptokens}, {@code mcptools}, {@code mcpapprovals})
 * @param action what was done ({@code issue}, {@code revoke}, {@code rotate}, {@code disable}, {@code enable},
 * {@code limit}, {@code approve}, {@code deny})
 * @param target what it was done to (a token id, a tool name, an approval request id)
 * @param details further facts (roles granted, new limit), no secret
 * @param reason the operator's reason or comment, if any
 */
public record AdminAction(Instant time, String operator, @Nullable String clientIp, String endpoint, String action,
		String target, Map<String, Object> details, @Nullable String reason) {

}
