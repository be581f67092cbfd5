package dev.mcpguard.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import dev.mcpguard.admin.ToolSettings;

import org.springframework.boot.convert.DurationStyle;

/**
 * Shows each tool's rate limit in the {@code mcptools} endpoint and lets an operator change it there
 * ({@code limitForPeriod}, {@code refreshPeriod}).
 */
public class RateLimitToolSettings implements ToolSettings {

	private final ToolRateLimits limits;

	/**
	 * Create the settings.
	 * @param limits the tool limits
	 */
	public RateLimitToolSettings(ToolRateLimits limits) {
		this.limits = limits;
	}

	@Override
	public String name() {
		return "rateLimit";
	}

	@Override
	public Map<String, Object> describe(String toolName) {
		return this.limits.describe(toolName);
	}

	/**
	 * Change the tool's limit ({@link ToolRateLimits#update}); a setting left out stays.
	 * @throws IllegalArgumentException saying what a value that breaks its rule must be
	 */
	@Override
	public void update(String toolName, Map<String, String> changes, String operator) {
		Map<String, Object> current = this.limits.describe(toolName);
		int limitForPeriod = (int) current.get("limitForPeriod");
		Duration refreshPeriod = Duration.parse((String) current.get("refreshPeriod"));
		if (changes.containsKey("limitForPeriod")) {
			limitForPeriod = parse(changes.get("limitForPeriod"), Integer::parseInt, "limitForPeriod", RateLimit.LIMIT_FOR_PERIOD_RULE);
		}
		if (changes.containsKey("refreshPeriod")) {
			refreshPeriod = parse(changes.get("refreshPeriod"), DurationStyle::detectAndParse, "refreshPeriod",
					RateLimit.REFRESH_PERIOD_RULE);
		}
		this.limits.update(toolName, limitForPeriod, refreshPeriod);
	}

	private static <T> T parse(String value, Function<String, T> parser, String name, String rule) {
		try {
			return parser.apply(value.trim());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'" + name + "' " + rule);
		}
	}

}
