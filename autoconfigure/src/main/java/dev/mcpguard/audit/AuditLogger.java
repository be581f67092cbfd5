package dev.mcpguard.audit;

import dev.mcpguard.pipeline.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one log line per audit record through the logger {@value #LOGGER_NAME}, with every field also as an SLF4J
 * key-value pair, so Spring Boot's structured logging ({@code logging.structured.format.console=ecs}) renders them
 * as fields. Only redacted records reach it. Silence it with {@code logging.level.mcp.guard.audit=off}.
 */
public class AuditLogger {

	/** Name of the audit logger. */
	public static final String LOGGER_NAME = "mcp.guard.audit";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	/**
	 * Log a record.
	 * @param record the redacted record
	 */
	public void log(AuditRecord record) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		LoggingEventBuilder event = logger.atInfo()
			.addKeyValue("audit.id", record.id())
			.addKeyValue("audit.outcome", record.outcome().name());
		addIfPresent(event, "audit.tool", record.tool());
		addIfPresent(event, "audit.principal", record.principal());
		addIfPresent(event, "audit.auth_method", record.authMethod());
		addIfPresent(event, "audit.session_id", record.sessionId());
		addIfPresent(event, "audit.client_ip", record.clientIp());
		event.addKeyValue("audit.duration_ms", record.durationMs());
		addIfPresent(event, "audit.approval_id", record.approvalId());
		addIfPresent(event, "audit.arguments", record.arguments());
		addIfPresent(event, "audit.message", record.message());
		event.log(message(record));
	}

	static String message(AuditRecord record) {
		StringBuilder text = new StringBuilder(160);
		if (record.outcome() == Outcome.UNAUTHENTICATED) {
			text.append("UNAUTHENTICATED request from ").append(record.clientIp()).append(": ").append(record.message());
			return text.toString();
		}
		text.append(record.outcome().name())
			.append(" tools/call ")
			.append(record.tool())
			.append(" by ")
			.append(record.principal())
			.append(" in ")
			.append(record.durationMs())
			.append(" ms");
		if (record.message() != null) {
			text.append(": ").append(record.message());
		}
		if (record.arguments() != null) {
			text.append(" arguments=").append(record.arguments());
		}
		return text.toString();
	}

	private static void addIfPresent(LoggingEventBuilder event, String key, @Nullable Object value) {
		if (value != null) {
			event.addKeyValue(key, value);
		}
	}

}
