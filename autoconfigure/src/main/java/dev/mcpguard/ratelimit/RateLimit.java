package dev.mcpguard.ratelimit;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * A number of calls allowed per refresh period, as Resilience4j counts them: the allowed calls become available
 * again at the start of each period.
 *
 * @param limitForPeriod calls allowed in each period, at least 1
 * @param refreshPeriod length of the period, positive
 */
public record RateLimit(int limitForPeriod, Duration refreshPeriod) {

	public RateLimit {
		if (limitForPeriod < 1) {
			throw new IllegalArgumentException("limit-for-period must be at least 1, was " + limitForPeriod);
		}
		if (refreshPeriod.isNegative() || refreshPeriod.isZero()) {
			throw new IllegalArgumentException("refresh-period must be positive, was " + refreshPeriod);
		}
	}

	/**
	 * The limit of an existing Resilience4j configuration.
	 * @param config the configuration
	 * @return its limit
	 */
	public static RateLimit of(RateLimiterConfig config) {
		return new RateLimit(config.getLimitForPeriod(), config.getLimitRefreshPeriod());
	}

	/**
	 * A Resilience4j configuration of this limit that never makes a caller wait: a call over the limit is refused
	 * at once.
	 * @return the configuration
	 */
	public RateLimiterConfig toConfig() {
		return RateLimiterConfig.custom()
			.limitForPeriod(this.limitForPeriod)
			.limitRefreshPeriod(this.refreshPeriod)
			.timeoutDuration(Duration.ZERO)
			.writableStackTraceEnabled(false)
			.build();
	}

	/**
	 * The limit as people read it, for example {@code 10 per 1m}.
	 * @return the limit in words
	 */
	@Override
	public String toString() {
		return this.limitForPeriod + " per " + format(this.refreshPeriod);
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (duration.toNanos() % 1_000_000 != 0) {
			return duration.toString();
		}
		if (millis % 86_400_000 == 0) {
			return (millis / 86_400_000) + "d";
		}
		if (millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1_000 == 0) {
			return (millis / 1_000) + "s";
		}
		return millis + "ms";
	}

}
