package dev.mcpguard.ratelimit;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import org.jspecify.annotations.Nullable;

/**
 * One Resilience4j limiter per key (MCP session, principal, client address), held in a bounded map that forgets
 * idle keys, so that keys created and abandoned by the hundred thousand never pile up.
 * <p>
 * A key unused for the idle timeout (never less than the refresh period, so forgetting a key grants it no extra
 * calls) is dropped by a sweep that runs on access at most every half idle timeout. When a new key would take the
 * map over its bound, the idle keys and then the least recently used tenth are dropped at once, so the next inserts
 * are cheap. Under concurrent inserts the bound can be passed by the number of inserting threads, briefly.
 * <p>
 * These limiters are deliberately not registered in a {@code RateLimiterRegistry}: a registry would keep them for
 * ever and give each its own metrics.
 */
public final class KeyedRateLimiters {

	private final String name;

	private final RateLimiterConfig config;

	private final long idleNanos;

	private final long sweepIntervalNanos;

	private final int maxKeys;

	private final int trimTo;

	private final LongSupplier ticker;

	private final Supplier<Long> nanoTime;

	private final ConcurrentHashMap<String, LimiterHandle> handles = new ConcurrentHashMap<>();

	private final ReentrantLock sweepLock = new ReentrantLock();

	private volatile long nextSweep;

	/**
	 * Create the limiters of one scope.
	 * @param name the name of every limiter of this scope, for example {@code mcp-session}
	 * @param limit the limit of each key
	 * @param idleTimeout how long an unused key is kept
	 * @param maxKeys how many keys are kept at most
	 * @param ticker the time source in nanoseconds ({@code System::nanoTime}), used by the limiters too
	 */
	public KeyedRateLimiters(String name, RateLimit limit, Duration idleTimeout, int maxKeys, LongSupplier ticker) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("max-keys must be at least 1, was " + maxKeys);
		}
		this.name = name;
		this.config = limit.toConfig();
		this.idleNanos = Math.max(idleTimeout.toNanos(), limit.refreshPeriod().toNanos());
		this.sweepIntervalNanos = Math.max(1, this.idleNanos / 2);
		this.maxKeys = maxKeys;
		this.trimTo = Math.max(1, maxKeys - Math.max(1, maxKeys / 10));
		this.ticker = ticker;
		this.nanoTime = ticker::getAsLong;
		this.nextSweep = ticker.getAsLong() + this.sweepIntervalNanos;
	}

	/**
	 * The limiter of a key, created on first use; marks the key as used now.
	 * @param key the key
	 * @return its limiter
	 */
	LimiterHandle handle(String key) {
		long now = this.ticker.getAsLong();
		LimiterHandle handle = this.handles.get(key);
		if (handle == null) {
			handle = this.handles.computeIfAbsent(key, (k) -> new LimiterHandle(new AtomicRateLimiter(this.name, this.config, this.nanoTime), now));
			if (this.handles.size() > this.maxKeys) {
				sweep(now);
			}
		}
		handle.touch(now);
		if (now - this.nextSweep >= 0) {
			sweep(now);
		}
		return handle;
	}

	/**
	 * The limiter of a key if it has one, without creating it or marking it as used.
	 * @param key the key
	 * @return its limiter, or {@code null}
	 */
	@Nullable LimiterHandle find(String key) {
		return this.handles.get(key);
	}

	/**
	 * The limit of each key.
	 * @return the limit
	 */
	public RateLimit limit() {
		return RateLimit.of(this.config);
	}

	/**
	 * How many keys have a limiter now.
	 * @return the number of live limiters
	 */
	public int size() {
		return this.handles.size();
	}

	/**
	 * Drop the keys idle for longer than the idle timeout now, rather than at the next sweep.
	 */
	public void evictIdle() {
		sweep(this.ticker.getAsLong());
	}

	private void sweep(long now) {
		if (!this.sweepLock.tryLock()) {
			return;
		}
		try {
			this.nextSweep = now + this.sweepIntervalNanos;
			this.handles.values().removeIf((handle) -> now - handle.lastUsed() > this.idleNanos);
			int excess = this.handles.size() - this.trimTo;
			if (this.handles.size() > this.maxKeys && excess > 0) {
				dropLeastRecentlyUsed(excess);
			}
		}
		finally {
			this.sweepLock.unlock();
		}
	}

	private void dropLeastRecentlyUsed(int count) {
		long[] lastUses = this.handles.values().stream().mapToLong(LimiterHandle::lastUsed).toArray();
		if (lastUses.length == 0) {
			return;
		}
		Arrays.sort(lastUses);
		long cutoff = lastUses[Math.min(count, lastUses.length) - 1];
		this.handles.values().removeIf((handle) -> handle.lastUsed() - cutoff <= 0);
	}

}
