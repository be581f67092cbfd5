package dev.mcpguard.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mcpguard.audit.AuditTrail;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of MCP Guard's audit trail, and of the argument redaction that the audit trail and the
 * approval layer share.
 */
@ConfigurationProperties(McpGuardAuditProperties.CONFIG_PREFIX)
public class McpGuardAuditProperties {

	/** Prefix of the audit properties. */
	public static final String CONFIG_PREFIX = "mcp.guard.audit";

	/**
	 * Whether every tools/call outcome and authentication failure is recorded in the audit trail.
	 */
	private boolean enabled = true;

	/**
	 * How events are written: "async" (batched on a background thread, the call never waits for the database) or
	 * "strict" (written to the database, or to the spool if it fails, before the tool result returns).
	 */
	private AuditTrail.Mode mode = AuditTrail.Mode.ASYNC;

	/**
	 * Whether every audit event is also written as one INFO line on the logger "mcp.guard.audit" (fields as SLF4J
	 * key-value pairs, for structured logging), for shipping the trail to a log store. Off by default: the
	 * database holds the trail, and a formatted log line per call costs the writer CPU on every call.
	 */
	private boolean logEvents;

	/**
	 * Argument keys whose values are redacted at any depth, in addition to the built-in ones (keys containing
	 * "secret", "password", "passwd", "pwd", "token", "apikey", "privatekey", "credential", "cookie", "passphrase" or
	 * "authorization", and "auth"). Compared ignoring case, "_", "-" and "."; a key also matches when it ends with
	 * one of them (with "iban" listed, "payerIban" matches). Also governs what approvers, approval webhooks and the
	 * approval table see, even when the audit trail is disabled.
	 */
	private List<String> sensitiveKeys = new ArrayList<>(List.of("ssn"));

	/**
	 * Largest JSON of redacted arguments kept whole; a larger one is replaced by its size and a preview.
	 */
	private DataSize maxArgumentSize = DataSize.ofKilobytes(8);

	/**
	 * How long audit rows are kept before the purge deletes them.
	 */
	private Duration retention = Duration.ofDays(365);

	/**
	 * How often each instance deletes rows older than the retention; zero never purges.
	 */
	private Duration purgeInterval = Duration.ofHours(1);

	/**
	 * Events held in memory for the writer; when full, the request thread writes its event to the spool itself.
	 */
	private int queueCapacity = 10_000;

	/**
	 * Largest number of events written in one database transaction.
	 */
	private int batchSize = 500;

	/**
	 * How long the writer waits for more events before writing a batch that is not full.
	 */
	private Duration flushInterval = Duration.ofMillis(100);

	/**
	 * How long the writer waits after a database failure before trying the database again; meanwhile events go to
	 * the spool.
	 */
	private Duration retryInterval = Duration.ofSeconds(5);

	/**
	 * How long a graceful shutdown waits for queued events to be written.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * Window in which, per client address and kind, requests refused before reaching a tool (failed
	 * authentications included) after the first are counted and written as one summary row instead of a row each.
	 * Zero writes a row for each.
	 */
	private Duration refusalWindow = Duration.ofMinutes(1);

	public Duration getRefusalWindow() {
		return this.refusalWindow;
	}

	public void setRefusalWindow(Duration refusalWindow) {
		this.refusalWindow = refusalWindow;
	}

	/**
	 * Directory of the local spool that keeps events while the database is unreachable, replayed when it is back.
	 * Relative paths resolve against the working directory. Use a persistent, instance-local volume; do not share
	 * it between applications that use different databases.
	 */
	private Path spoolDirectory = Path.of("audit-spool");

	private final Checkpoint checkpoint = new Checkpoint();

	public Checkpoint getCheckpoint() {
		return this.checkpoint;
	}

	public boolean isLogEvents() {
		return this.logEvents;
	}

	public void setLogEvents(boolean logEvents) {
		this.logEvents = logEvents;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public AuditTrail.Mode getMode() {
		return this.mode;
	}

	public void setMode(AuditTrail.Mode mode) {
		this.mode = mode;
	}

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

	public DataSize getMaxArgumentSize() {
		return this.maxArgumentSize;
	}

	public void setMaxArgumentSize(DataSize maxArgumentSize) {
		this.maxArgumentSize = maxArgumentSize;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getPurgeInterval() {
		return this.purgeInterval;
	}

	public void setPurgeInterval(Duration purgeInterval) {
		this.purgeInterval = purgeInterval;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	public void setFlushInterval(Duration flushInterval) {
		this.flushInterval = flushInterval;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Path getSpoolDirectory() {
		return this.spoolDirectory;
	}

	public void setSpoolDirectory(Path spoolDirectory) {
		this.spoolDirectory = spoolDirectory;
	}

	/**
	 * Signed checkpoints of the audit chain.
	 */
	public static class Checkpoint {

		/**
		 * Secret key (at least 32 characters) that signs checkpoints of the audit chain with HMAC-SHA256. Keep it out
		 * of the database and its backups. Unset, no checkpoints are signed.
		 */
		private @Nullable String key;

		/**
		 * Name of the signing key, recorded in each checkpoint; change it with the key.
		 */
		private String keyId = "default";

		/**
		 * How often the chain head is signed when the chain grew. Zero signs only on demand (POST
		 * /actuator/mcpaudit/checkpoint) and at shutdown.
		 */
		private Duration interval = Duration.ofMinutes(10);

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(String keyId) {
			this.keyId = keyId;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
