package dev.mcpguard.pipeline;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A request refused before it reached a tool: a foreign session id, a refused Host or Origin, a malformed or
 * oversized body, a session limit. Audited, one row for the first refusal of a kind from an address in a window
 * and one summary row for the rest, so a flood of refusals does not flood the trail.
 *
 * @param time when it was refused
 * @param clientIp the client address
 * @param principal the authenticated principal, if any
 * @param sessionId the MCP session id presented, if any
 * @param kind what was refused ({@code session-binding}, {@code host}, {@code origin}, {@code content-type},
 * {@code body-size}, {@code envelope}, {@code session-limit}, {@code initialize-rate})
 * @param outcome the outcome recorded ({@code DENIED}, {@code RATE_LIMITED})
 * @param message what the client was told or what was wrong, without the client's text
 * @param count how many refusals this stands for (more than one for a summary)
 */
public record RequestRefusal(Instant time, @Nullable String clientIp, @Nullable String principal,
		@Nullable String sessionId, String kind, Outcome outcome, String message, int count) {

}
