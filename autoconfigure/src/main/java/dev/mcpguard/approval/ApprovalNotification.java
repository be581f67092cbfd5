package dev.mcpguard.approval;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What approvers are told when a call waits for their decision.
 *
 * @param id the approval request id
 * @param tool the tool name
 * @param principal the principal who made the call
 * @param reason why approval is needed, if known
 * @param arguments the arguments with secrets redacted
 * @param createdAt when the request was opened
 * @param expiresAt when the request lapses if undecided
 * @param decisionPath the actuator path to decide on, for example {@code /actuator/mcpapprovals/<id>}
 */
public record ApprovalNotification(String id, String tool, String principal, @Nullable String reason,
		Map<String, @Nullable Object> arguments, Instant createdAt, Instant expiresAt, String decisionPath) {

}
