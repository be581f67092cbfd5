package dev.mcpguard.ratelimit;

import java.time.Duration;
import java.util.Map;

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

	@Override
	public void update(String toolName, Map<String, String> changes, String operator) {
		Map<String, Object> current = this.limits.describe(toolName);
		int limitForPeriod = (int) current.get("limitForPeriod");
		Duration refreshPeriod = Duration.parse((String) current.get("refreshPeriod"));
		try {
			if (changes.containsKey("limitForPeriod")) {
				limitForPeriod = Integer.parseInt(changes.get("limitForPeriod").trim());
			}
			if (changes.containsKey("refreshPeriod")) {
				refreshPeriod = DurationStyle.detectAndParse(changes.get("refreshPeriod").trim());
			}
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'limitForPeriod' must be a whole number and 'refreshPeriod' a duration such as 1m or 30s");
		}
		this.limits.update(toolName, limitForPeriod, refreshPeriod);
	}

}
