package dev.mcpguard.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The per-tool limits, and the API to read and change them while the server runs (the {@code mcptools} actuator
 * endpoint uses it). Each tool has one Resilience4j limiter, named {@value #LIMITER_NAME_PREFIX}{@code <tool>}, in
 * the {@link RateLimiterRegistry} (the application's own when it defines one, so Resilience4j's actuator endpoints
 * and metrics show them). Limits are per instance.
 */
public class ToolRateLimits implements SmartInitializingSingleton {

	/** Prefix of the names of the tool limiters in the registry. */
	public static final String LIMITER_NAME_PREFIX = "mcp-tool-";

	private static final Log logger = LogFactory.getLog(ToolRateLimits.class);

	private final RateLimiterRegistry registry;

	private final RateLimit defaultLimit;

	private final Map<String, RateLimit> configured;

	private final @Nullable ToolRegistry tools;

	private final Map<String, LimiterHandle> handles = new ConcurrentHashMap<>();

	private final Set<String> changedAtRuntime = ConcurrentHashMap.newKeySet();

	/**
	 * Create the per-tool limits.
	 * @param registry where the limiters live
	 * @param defaultLimit the limit of a tool without its own
	 * @param configured the limits of single tools, by tool name
	 * @param tools the guarded tools, to refuse unknown names; {@code null} accepts any name
	 */
	public ToolRateLimits(RateLimiterRegistry registry, RateLimit defaultLimit, Map<String, RateLimit> configured,
			@Nullable ToolRegistry tools) {
		this.registry = registry;
		this.defaultLimit = defaultLimit;
		this.configured = Map.copyOf(configured);
		this.tools = tools;
	}

	/**
	 * Create every known tool's limiter now, so the registry shows them before the first call, and warn about
	 * configured limits that name no tool.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (this.tools == null) {
			return;
		}
		for (ToolDescriptor tool : this.tools.descriptors()) {
			handle(tool.name());
		}
		for (String name : new TreeSet<>(this.configured.keySet())) {
			if (this.tools.descriptor(name) == null) {
				logger.warn("MCP Guard: mcp.guard.rate-limit.tools." + name + " names no tool of this server; known tools: "
						+ this.tools.descriptors().stream().map(ToolDescriptor::name).sorted().toList());
			}
		}
	}

	/**
	 * The limit of a tool as it is now.
	 * @param toolName the tool
	 * @return {@code tool}, {@code limitForPeriod}, {@code refreshPeriod} (ISO-8601), {@code override} (whether
	 * the tool has a limit of its own, from configuration or set at runtime) and {@code availablePermissions} (calls
	 * left in the current period)
	 * @throws IllegalArgumentException if the server has no such tool
	 */
	public Map<String, Object> describe(String toolName) {
		requireKnown(toolName);
		LimiterHandle handle = handle(toolName);
		RateLimit limit = handle.limit();
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("tool", toolName);
		description.put("limitForPeriod", limit.limitForPeriod());
		description.put("refreshPeriod", limit.refreshPeriod().toString());
		description.put("override", this.configured.containsKey(toolName) || this.changedAtRuntime.contains(toolName));
		description.put("availablePermissions", Math.max(0, handle.limiter().getMetrics().getAvailablePermissions()));
		return description;
	}

	/**
	 * Change a tool's limit on this instance, at once and without a restart: the tool gets a new limiter with a
	 * fresh period (the registry entry is replaced). The change lasts until the next restart.
	 * @param toolName the tool
	 * @param limitForPeriod calls allowed per period, at least 1
	 * @param refreshPeriod the period, from {@link RateLimit#MIN_REFRESH_PERIOD} to {@link RateLimit#MAX_REFRESH_PERIOD}
	 * @throws IllegalArgumentException if the server has no such tool, or saying what a value that breaks its rule
	 * must be
	 */
	public void update(String toolName, int limitForPeriod, Duration refreshPeriod) {
		requireKnown(toolName);
		if (limitForPeriod < 1) {
			throw new IllegalArgumentException("'limitForPeriod' " + RateLimit.LIMIT_FOR_PERIOD_RULE);
		}
		if (!RateLimit.isSettable(refreshPeriod)) {
			throw new IllegalArgumentException("'refreshPeriod' " + RateLimit.REFRESH_PERIOD_RULE);
		}
		RateLimit limit = new RateLimit(limitForPeriod, refreshPeriod);
		String name = LIMITER_NAME_PREFIX + toolName;
		LimiterHandle previous = this.handles.get(toolName);
		this.handles.compute(toolName, (tool, old) -> {
			RateLimiter fresh = RateLimiter.of(name, limit.toConfig());
			RateLimiter live = this.registry.replace(name, fresh).isPresent() ? fresh
					: this.registry.rateLimiter(name, limit.toConfig());
			return new LimiterHandle(nonBlocking(live), 0);
		});
		this.changedAtRuntime.add(toolName);
		logger.info("MCP Guard: rate limit of tool '" + toolName + "' changed to " + limit
				+ ((previous != null) ? " (was " + previous.limit() + ")" : ""));
	}

	/**
	 * The limiter of a tool, created on first use.
	 * @param toolName the tool
	 * @return its limiter
	 */
	LimiterHandle handle(String toolName) {
		LimiterHandle handle = this.handles.get(toolName);
		return (handle != null) ? handle : this.handles.computeIfAbsent(toolName, this::create);
	}

	private LimiterHandle create(String toolName) {
		RateLimit limit = this.configured.getOrDefault(toolName, this.defaultLimit);
		return new LimiterHandle(nonBlocking(this.registry.rateLimiter(LIMITER_NAME_PREFIX + toolName, limit.toConfig())), 0);
	}

	// A limiter the application put into its registry under our name keeps its limit but must never make a request
	// thread wait.
	private static RateLimiter nonBlocking(RateLimiter limiter) {
		if (!limiter.getRateLimiterConfig().getTimeoutDuration().isZero()) {
			limiter.changeTimeoutDuration(Duration.ZERO);
		}
		return limiter;
	}

	private void requireKnown(String toolName) {
		if (this.tools != null && this.tools.descriptor(toolName) == null) {
			throw new IllegalArgumentException("Unknown tool '" + toolName + "'");
		}
	}

}
