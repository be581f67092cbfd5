package dev.mcpguard.ratelimit;

import dev.mcpguard.pipeline.Listeners;
import java.util.List;
import java.util.function.LongSupplier;

import dev.mcpguard.pipeline.LogText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs each violation as one WARN line of {@code key=value} fields, at most once per second per limiter (the next
 * line says how many were left out), and hands it to every {@link RateLimitViolationListener}.
 */
final class RateLimitViolationReporter {

	private static final Log logger = LogFactory.getLog(RateLimitViolationReporter.class);

	private final List<RateLimitViolationListener> listeners;

	private final LongSupplier ticker;

	RateLimitViolationReporter(List<RateLimitViolationListener> listeners, LongSupplier ticker) {
		this.listeners = List.copyOf(listeners);
		this.ticker = ticker;
	}

	void report(RateLimitViolation violation, LimiterHandle handle) {
		if (logger.isWarnEnabled()) {
			int suppressed = handle.warnPermit(this.ticker.getAsLong());
			if (suppressed >= 0) {
				logger.warn(logLine(violation, suppressed));
			}
		}
		Listeners.notifyEach(this.listeners, (listener) -> listener.onViolation(violation), logger, "Rate limit violation listener");
	}

	static String logLine(RateLimitViolation violation, int suppressed) {
		StringBuilder line = new StringBuilder(160).append("MCP Guard rate limit exceeded: scope=")
			.append(violation.scope().tag());
		field(line, "tool", violation.toolName());
		field(line, "principal", violation.principal());
		field(line, "session", violation.sessionId());
		field(line, "clientIp", violation.clientIp());
		line.append(" limit=\"").append(violation.limit()).append('"');
		line.append(" retryAfterSeconds=").append(violation.retryAfterSeconds());
		if (suppressed > 0) {
			line.append(" suppressed=").append(suppressed);
		}
		return line.toString();
	}

	private static void field(StringBuilder line, String name, @Nullable String value) {
		if (value != null) {
			line.append(' ').append(name).append('=');
			// values can come from certificates and headers: keep the line one line (LogText), and its fields apart
			String safe = LogText.safe(value);
			for (int i = 0; i < safe.length(); i++) {
				char c = safe.charAt(i);
				line.append((c == ' ' || c == '"') ? '_' : c);
			}
		}
	}

}
