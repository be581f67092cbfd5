package dev.mcpguard.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * One Resilience4j limiter with what the guard tracks about it: its limit, when it was last used (for eviction)
 * and when a violation of it was last logged (so a flood of refusals writes one line per second).
 */
final class LimiterHandle {

	private static final long WARN_INTERVAL_NANOS = 1_000_000_000L;

	private static final long NEVER = Long.MIN_VALUE;

	private static final VarHandle LAST_WARNED;

	private static final VarHandle SUPPRESSED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			LAST_WARNED = lookup.findVarHandle(LimiterHandle.class, "lastWarned", long.class);
			SUPPRESSED = lookup.findVarHandle(LimiterHandle.class, "suppressed", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final RateLimiter limiter;

	private final RateLimit limit;

	private volatile long lastUsed;

	@SuppressWarnings("unused") // through LAST_WARNED
	private volatile long lastWarned = NEVER;

	@SuppressWarnings("unused") // through SUPPRESSED
	private volatile int suppressed;

	LimiterHandle(RateLimiter limiter, long now) {
		this.limiter = limiter;
		this.limit = RateLimit.of(limiter.getRateLimiterConfig());
		this.lastUsed = now;
	}

	RateLimiter limiter() {
		return this.limiter;
	}

	RateLimit limit() {
		return this.limit;
	}

	/**
	 * Take one permit, never waiting.
	 * @return {@code true} if the call may go on
	 */
	boolean tryAcquire() {
		return this.limiter.acquirePermission();
	}

	/**
	 * Whether a permit is available now, without taking it.
	 * @return {@code true} if the next call would pass
	 */
	boolean hasPermission() {
		return this.limiter.getMetrics().getAvailablePermissions() > 0;
	}

	/**
	 * Whole seconds until the next permit, at least 1.
	 * @return the seconds a refused caller should wait
	 */
	long retryAfterSeconds() {
		long nanos = (this.limiter instanceof AtomicRateLimiter atomic) ? atomic.getDetailedMetrics().getNanosToWait()
				: this.limit.refreshPeriod().toNanos();
		return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
	}

	void touch(long now) {
		this.lastUsed = now;
	}

	long lastUsed() {
		return this.lastUsed;
	}

	/**
	 * Whether a violation may be logged now: at most once per second per limiter.
	 * @param now the ticker value
	 * @return {@code -1} to stay silent, else how many violations were not logged since the last line
	 */
	int warnPermit(long now) {
		long last = (long) LAST_WARNED.getVolatile(this);
		if ((last != NEVER && now - last < WARN_INTERVAL_NANOS) || !LAST_WARNED.compareAndSet(this, last, now)) {
			SUPPRESSED.getAndAdd(this, 1);
			return -1;
		}
		return (int) SUPPRESSED.getAndSet(this, 0);
	}

}
