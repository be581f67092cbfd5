package dev.mcpguard.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.mcpguard.pipeline.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * One event of the audit trail, redacted and ready to store: what is written to the database, the spool file and
 * the audit log line, and what the hash chain covers.
 *
 * @param id unique id, assigned when the record is created, so a record written twice is stored once
 * @param time when the call arrived, truncated to the microsecond: the precision stored and hashed
 * @param principal the authenticated principal, {@code null} for an authentication failure
 * @param authMethod how the principal authenticated ({@code token}, {@code mtls}, {@code none})
 * @param sessionId the MCP session id, if any
 * @param clientIp the remote address of the request
 * @param tool the called tool, {@code null} for an authentication failure
 * @param arguments the redacted arguments as JSON text, {@code null} for an authentication failure
 * @param outcome the outcome
 * @param message the error or refusal text, if any
 * @param durationMs time spent in the guard and the tool, in milliseconds
 * @param approvalId the approval request the call created or referred to, if any
 * @param traceId the trace id of the request when tracing is active
 */
public record AuditRecord(String id, Instant time, @Nullable String principal, @Nullable String authMethod,
		@Nullable String sessionId, @Nullable String clientIp, @Nullable String tool, @Nullable String arguments,
		Outcome outcome, @Nullable String message, long durationMs, @Nullable String approvalId,
		@Nullable String traceId) {

	public AuditRecord {
		// A finer time would be hashed with digits the database does not keep, and the row would no longer verify.
		time = time.truncatedTo(ChronoUnit.MICROS);
	}

}
