package dev.mcpguard.approval;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A stored approval request: one principal asking to run one tool with one exact set of arguments.
 *
 * @param id the request id
 * @param principal the principal who made the call
 * @param tool the tool name
 * @param argumentsHash the SHA-256 of the canonical arguments ({@link CanonicalArguments})
 * @param arguments the arguments with secrets redacted, as shown to approvers
 * @param reason why approval is needed, if known
 * @param status the state of the request
 * @param createdAt when the call was first refused as pending
 * @param expiresAt when the request lapses: undecided, or once decided, until the approved call is made
 * @param decidedBy the approver, once decided
 * @param decidedAt when it was decided
 * @param comment the approver's comment
 * @param consumedAt when the approved call ran
 */
public record ApprovalRequest(String id, String principal, String tool, String argumentsHash,
		Map<String, @Nullable Object> arguments, @Nullable String reason, ApprovalStatus status, Instant createdAt,
		Instant expiresAt, @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String comment,
		@Nullable Instant consumedAt) {

	/**
	 * Whether the request has lapsed at the given time.
	 * @param now the time
	 * @return {@code true} if it expired
	 */
	public boolean isExpired(Instant now) {
		return !this.expiresAt.isAfter(now);
	}

}
