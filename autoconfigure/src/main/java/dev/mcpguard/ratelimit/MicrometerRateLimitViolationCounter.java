package dev.mcpguard.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts rate limit violations in Micrometer as {@value #METRIC_NAME}, tagged {@code tool} (the tool name, or
 * {@code none} for refused authentication attempts) and {@code scope} ({@link RateLimitScope#tag()}). Tags take
 * tool names only, never principals or addresses, so the number of series stays small.
 */
public class MicrometerRateLimitViolationCounter implements RateLimitViolationListener {

	/** Name of the counter. */
	public static final String METRIC_NAME = "mcp.guard.rate_limit.violations";

	private static final String NO_TOOL = "none";

	private final MeterRegistry registry;

	private final Map<RateLimitScope, Map<String, Counter>> counters = new ConcurrentHashMap<>();

	/**
	 * Create the counter.
	 * @param registry where to register it
	 */
	public MicrometerRateLimitViolationCounter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onViolation(RateLimitViolation violation) {
		String tool = (violation.toolName() != null) ? violation.toolName() : NO_TOOL;
		this.counters.computeIfAbsent(violation.scope(), (scope) -> new ConcurrentHashMap<>())
			.computeIfAbsent(tool, (name) -> Counter.builder(METRIC_NAME)
				.description("Calls and requests refused by an MCP Guard rate limit")
				.tag("tool", name)
				.tag("scope", violation.scope().tag())
				.register(this.registry))
			.increment();
	}

}
