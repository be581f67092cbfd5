package dev.mcpguard.audit;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.auth.AuthenticationFailureListener;
import dev.mcpguard.pipeline.AdminAction;
import dev.mcpguard.pipeline.AdminActionListener;
import dev.mcpguard.pipeline.RequestRefusal;
import dev.mcpguard.pipeline.RequestRefusalListener;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolCallListener;
import org.slf4j.MDC;

/**
 * The audit trail of an application without a database: every outcome, and every refused authentication, as one
 * structured log line ({@link AuditLogger}), redacted as the database trail is. Not durable, not hash-chained and
 * not queryable through {@code mcpaudit}: the security posture report says so. With a DataSource (and
 * {@code mcp-guard-spring-boot-starter-jdbc}) the durable {@link AuditTrail} replaces it.
 */
public class LogAuditTrail implements ToolCallListener, AuthenticationFailureListener, AdminActionListener,
		RequestRefusalListener, DisposableBean {

	private final AuditRecordFactory records;

	private final AuditLogger logger;

	private final RefusalWindows refusals;

	/**
	 * Create the trail.
	 * @param records turns events into redacted records
	 * @param logger writes the lines
	 * @param refusalWindow per client address and kind of refusal (failed authentications included), the window
	 * whose refusals after the first are written as one summary line
	 */
	public LogAuditTrail(AuditRecordFactory records, AuditLogger logger, Duration refusalWindow) {
		this.records = records;
		this.logger = logger;
		this.refusals = new RefusalWindows(refusalWindow);
	}

	@Override
	public void onToolCall(ToolCallEvent event) {
		this.logger.log(this.records.toolCall(event, MDC.get("traceId")));
	}

	@Override
	public void onAuthenticationFailure(AuthenticationFailure failure) {
		onRequestRefusal(RefusalWindows.of(failure));
	}

	@Override
	public void onAdminAction(AdminAction action) {
		this.logger.log(this.records.adminAction(action, MDC.get("traceId")));
	}

	@Override
	public void onRequestRefusal(RequestRefusal refusal) {
		for (RequestRefusal record : this.refusals.admit(refusal)) {
			this.logger.log(this.records.refusal(record, MDC.get("traceId")));
		}
	}

	@Override
	public void destroy() {
		for (RequestRefusal summary : this.refusals.drain()) {
			this.logger.log(this.records.refusal(summary, null));
		}
	}

}
