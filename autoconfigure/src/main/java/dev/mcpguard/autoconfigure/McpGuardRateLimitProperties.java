package dev.mcpguard.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of MCP Guard's rate limits: per tool (a default plus named overrides, in Resilience4j's
 * shape), per MCP session, per principal across its sessions, and per client address for failed authentication.
 */
@ConfigurationProperties(McpGuardRateLimitProperties.CONFIG_PREFIX)
public class McpGuardRateLimitProperties {

	/** Prefix of the rate limit properties. */
	public static final String CONFIG_PREFIX = "mcp.guard.rate-limit";

	/**
	 * Whether tool calls and failed authentication attempts are rate limited.
	 */
	private boolean enabled = true;

	private final Limit defaults = Limit.of(100, Duration.ofMinutes(1));

	/**
	 * Limits of single tools, by tool name, replacing the default limit for that tool. A setting left out is taken
	 * from the default limit.
	 */
	private Map<String, ToolLimit> tools = new LinkedHashMap<>();

	private final Limit session = Limit.of(300, Duration.ofMinutes(1));

	private final Limit principal = Limit.of(1000, Duration.ofMinutes(1));

	private final FailedAuth failedAuth = new FailedAuth();

	/**
	 * New MCP sessions (initialize requests) allowed per credential; further ones get 429 with Retry-After.
	 */
	private final Limit initialize = Limit.of(30, Duration.ofMinutes(1));

	/**
	 * Time after which the limiter of an MCP session, a principal or a client address that made no request is
	 * forgotten. Never shorter in effect than the refresh period of its limit, so forgetting grants no extra calls.
	 */
	private Duration idleTimeout = Duration.ofMinutes(10);

	/**
	 * Maximum number of MCP sessions, principals and client addresses tracked by each limit; beyond it the least
	 * recently used are forgotten.
	 */
	private int maxKeys = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Limit of each tool without its own entry under {@code tools}.
	 * @return the default per-tool limit
	 */
	public Limit getDefault() {
		return this.defaults;
	}

	public Map<String, ToolLimit> getTools() {
		return this.tools;
	}

	public void setTools(Map<String, ToolLimit> tools) {
		this.tools = tools;
	}

	/**
	 * Limit of each MCP session, over all tools.
	 * @return the per-session limit
	 */
	public Limit getSession() {
		return this.session;
	}

	/**
	 * Limit of each principal, over all its sessions and tools.
	 * @return the per-principal limit
	 */
	public Limit getPrincipal() {
		return this.principal;
	}

	public Limit getInitialize() {
		return this.initialize;
	}

	public FailedAuth getFailedAuth() {
		return this.failedAuth;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public int getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(int maxKeys) {
		this.maxKeys = maxKeys;
	}

	/**
	 * A number of calls allowed per refresh period.
	 */
	public static class Limit {

		/**
		 * Number of calls allowed in each refresh period.
		 */
		private int limitForPeriod;

		/**
		 * Length of the period after which the allowed calls are available again.
		 */
		private Duration refreshPeriod = Duration.ofMinutes(1);

		static Limit of(int limitForPeriod, Duration refreshPeriod) {
			Limit limit = new Limit();
			limit.setLimitForPeriod(limitForPeriod);
			limit.setRefreshPeriod(refreshPeriod);
			return limit;
		}

		public int getLimitForPeriod() {
			return this.limitForPeriod;
		}

		public void setLimitForPeriod(int limitForPeriod) {
			this.limitForPeriod = limitForPeriod;
		}

		public Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

	}

	/**
	 * The limit of one tool; a setting left out is taken from the default limit.
	 */
	public static class ToolLimit {

		/**
		 * Number of calls of the tool allowed in each refresh period.
		 */
		private @Nullable Integer limitForPeriod;

		/**
		 * Length of the period after which the allowed calls of the tool are available again.
		 */
		private @Nullable Duration refreshPeriod;

		public @Nullable Integer getLimitForPeriod() {
			return this.limitForPeriod;
		}

		public void setLimitForPeriod(@Nullable Integer limitForPeriod) {
			this.limitForPeriod = limitForPeriod;
		}

		public @Nullable Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(@Nullable Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

	}

	/**
	 * Limit of failed authentication attempts per client address, against token guessing. An address over the
	 * limit gets 429 for every request until the period ends.
	 */
	public static class FailedAuth {

		/**
		 * Whether failed authentication attempts are limited per client address.
		 */
		private boolean enabled = true;

		/**
		 * Number of requests refused for bad credentials allowed per client address in each refresh period.
		 */
		private int limitForPeriod = 20;

		/**
		 * Length of the period after which a client address may try again.
		 */
		private Duration refreshPeriod = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getLimitForPeriod() {
			return this.limitForPeriod;
		}

		public void setLimitForPeriod(int limitForPeriod) {
			this.limitForPeriod = limitForPeriod;
		}

		public Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

	}

}
