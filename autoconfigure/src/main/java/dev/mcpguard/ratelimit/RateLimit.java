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

	/** Shortest refresh period an operator may set: a shorter one makes a limit of calls per period meaningless. */
	public static final Duration MIN_REFRESH_PERIOD = Duration.ofSeconds(1);

	/** Longest refresh period an operator may set. */
	public static final Duration MAX_REFRESH_PERIOD = Duration.ofDays(1);

	/** What an operator's {@code limitForPeriod} must be. */
	public static final String LIMIT_FOR_PERIOD_RULE = "must be a whole number from 1 to " + Integer.MAX_VALUE;

	/** What an operator's {@code refreshPeriod} must be. */
	public static final String REFRESH_PERIOD_RULE = "must be a duration from 1s to 1d, such as 30s, 1m or PT1H";

	public RateLimit {
		if (limitForPeriod < 1) {
			throw new IllegalArgumentException("limit-for-period must be at least 1, was " + limitForPeriod);
		}
		if (refreshPeriod.isNegative() || refreshPeriod.isZero()) {
			throw new IllegalArgumentException("refresh-period must be positive, was " + refreshPeriod);
		}
	}

	/**
	 * Whether an operator may set this refresh period (the record itself takes any positive one, as Resilience4j
	 * configurations of the application may have them).
	 * @param refreshPeriod the period
	 * @return {@code true} if it lies from {@link #MIN_REFRESH_PERIOD} to {@link #MAX_REFRESH_PERIOD}
	 */
	public static boolean isSettable(Duration refreshPeriod) {
		return refreshPeriod.compareTo(MIN_REFRESH_PERIOD) >= 0 && refreshPeriod.compareTo(MAX_REFRESH_PERIOD) <= 0;
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
