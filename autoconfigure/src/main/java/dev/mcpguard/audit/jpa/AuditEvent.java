package dev.mcpguard.audit.jpa;

import java.time.Instant;

import dev.mcpguard.pipeline.Outcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.Subselect;
import org.hibernate.annotations.Synchronize;
import org.jspecify.annotations.Nullable;

/**
 * One row of the audit trail ({@code mcp_guard_audit}), read-only. Mapped on a sub-select rather than the table:
 * Hibernate then never creates, validates, alters or drops the table, whatever the application's
 * {@code spring.jpa.hibernate.ddl-auto} (MCP Guard's own migrations own it), and never writes it.
 */
@Entity(name = "McpGuardAuditEvent")
@Immutable
@Subselect("SELECT * FROM mcp_guard_audit")
@Synchronize("mcp_guard_audit")
public class AuditEvent {

	@Id
	private String id;

	private long seq;

	@Column(name = "event_time")
	private Instant time;

	private @Nullable String principal;

	@Column(name = "auth_method")
	private @Nullable String authMethod;

	@Column(name = "session_id")
	private @Nullable String sessionId;

	@Column(name = "client_ip")
	private @Nullable String clientIp;

	private @Nullable String tool;

	private @Nullable String arguments;

	@Enumerated(EnumType.STRING)
	private Outcome outcome;

	private @Nullable String message;

	@Column(name = "duration_ms")
	private long durationMs;

	@Column(name = "approval_id")
	private @Nullable String approvalId;

	@Column(name = "trace_id")
	private @Nullable String traceId;

	@Column(name = "prev_hash")
	private String prevHash;

	@Column(name = "row_hash")
	private String rowHash;

	@SuppressWarnings("NullAway.Init")
	protected AuditEvent() {
	}

	/** @return the event's id (a time-ordered UUID) */
	public String getId() {
		return this.id;
	}

	/** @return the position in the hash chain */
	public long getSeq() {
		return this.seq;
	}

	/** @return when the event happened */
	public Instant getTime() {
		return this.time;
	}

	/** @return who called, if known */
	public @Nullable String getPrincipal() {
		return this.principal;
	}

	/** @return how the caller authenticated */
	public @Nullable String getAuthMethod() {
		return this.authMethod;
	}

	/** @return the MCP session */
	public @Nullable String getSessionId() {
		return this.sessionId;
	}

	/** @return the client address */
	public @Nullable String getClientIp() {
		return this.clientIp;
	}

	/** @return the tool called, or the endpoint of an operator's action */
	public @Nullable String getTool() {
		return this.tool;
	}

	/** @return the redacted arguments, JSON */
	public @Nullable String getArguments() {
		return this.arguments;
	}

	/** @return the outcome */
	public Outcome getOutcome() {
		return this.outcome;
	}

	/** @return what happened, in words */
	public @Nullable String getMessage() {
		return this.message;
	}

	/** @return how long the call took */
	public long getDurationMs() {
		return this.durationMs;
	}

	/** @return the approval request, if the call needed one */
	public @Nullable String getApprovalId() {
		return this.approvalId;
	}

	/** @return the trace the call belonged to */
	public @Nullable String getTraceId() {
		return this.traceId;
	}

	/** @return the hash of the previous row in the chain */
	public String getPrevHash() {
		return this.prevHash;
	}

	/** @return this row's hash */
	public String getRowHash() {
		return this.rowHash;
	}

}
