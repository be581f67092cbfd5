package dev.mcpguard.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mcpguard.approval.ApprovalMode;
import dev.mcpguard.approval.ApprovalGuard;
import dev.mcpguard.approval.ApprovalService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of MCP Guard's human approval of dangerous tools.
 */
@ConfigurationProperties(McpGuardApprovalProperties.CONFIG_PREFIX)
public class McpGuardApprovalProperties {

	/** Prefix of the approval properties. */
	public static final String CONFIG_PREFIX = "mcp.guard.approval";

	/**
	 * Whether calls of tools marked with @RequiresApproval, or sent to a human by an ApprovalPolicy, wait for a
	 * human decision. When off, those tools run without approval.
	 */
	private boolean enabled = true;

	/**
	 * How long an approval request stays open: undecided, and once decided, how long the approval can be used (or
	 * the denial holds). The identical call afterwards opens a new request.
	 */
	private Duration timeout = Duration.ofMinutes(10);

	/**
	 * How long a call that needs out-of-band approval waits on the server for the decision before it is refused as
	 * pending. Zero refuses at once; a waiting call holds a server thread.
	 */
	private Duration wait = Duration.ZERO;

	/**
	 * Maximum number of calls waiting for an out-of-band decision at once on this instance; each holds a request
	 * thread, so further calls are answered at once that approval is pending.
	 */
	private int maxWaiting = ApprovalService.DEFAULT_MAX_WAITING;

	/**
	 * How often a call waiting for an out-of-band decision pings its caller (an MCP ping on the call's stream); a
	 * caller that does not answer within spring.ai.mcp.server.request-timeout has left, and its wait ends.
	 */
	private Duration pingInterval = ApprovalGuard.DEFAULT_PING_INTERVAL;

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		if (pingInterval.isNegative() || pingInterval.isZero()) {
			throw new IllegalArgumentException("ping-interval must be positive, was " + pingInterval);
		}
		this.pingInterval = pingInterval;
	}

	public int getMaxWaiting() {
		return this.maxWaiting;
	}

	public void setMaxWaiting(int maxWaiting) {
		this.maxWaiting = maxWaiting;
	}

	/**
	 * How a human approves calls: "out-of-band" through the mcpapprovals endpoint, or "elicitation" by asking the
	 * client's user in the MCP session (clients without the elicitation capability fall back to out-of-band).
	 */
	private ApprovalMode mode = ApprovalMode.OUT_OF_BAND;

	/**
	 * Per-tool settings, by tool name, overriding mode and wait.
	 */
	private Map<String, Tool> tools = new LinkedHashMap<>();

	private final Webhook webhook = new Webhook();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getWait() {
		return this.wait;
	}

	public void setWait(Duration wait) {
		this.wait = wait;
	}

	public ApprovalMode getMode() {
		return this.mode;
	}

	public void setMode(ApprovalMode mode) {
		this.mode = mode;
	}

	public Map<String, Tool> getTools() {
		return this.tools;
	}

	public void setTools(Map<String, Tool> tools) {
		this.tools = tools;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	/**
	 * Approval settings of one tool.
	 */
	public static class Tool {

		/**
		 * How a human approves calls of this tool; unset uses mcp.guard.approval.mode.
		 */
		private @Nullable ApprovalMode mode;

		/**
		 * How long a call of this tool waits for an out-of-band decision; unset uses mcp.guard.approval.wait.
		 */
		private @Nullable Duration wait;

		public @Nullable ApprovalMode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable ApprovalMode mode) {
			this.mode = mode;
		}

		public @Nullable Duration getWait() {
			return this.wait;
		}

		public void setWait(@Nullable Duration wait) {
			this.wait = wait;
		}

	}

	/**
	 * Webhook told about every new approval request.
	 */
	public static class Webhook {

		/**
		 * URL that receives a JSON POST for every new approval request; unset sends none. Treat it as a secret if
		 * it carries a token (chat webhooks do).
		 */
		private @Nullable URI url;

		/**
		 * Extra request headers, for example an Authorization header. Values are never logged.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Connection timeout of one delivery attempt.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Response timeout of one delivery attempt.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * Delivery attempts per notification before it is dropped and logged.
		 */
		private int maxAttempts = 3;

		/**
		 * Pause before the second attempt, doubled before each further one.
		 */
		private Duration backoff = Duration.ofSeconds(1);

		/**
		 * Notifications waiting for delivery beyond which new ones are dropped and logged.
		 */
		private int queueCapacity = 100;

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

}
