package dev.mcpguard.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Deletes audit rows older than the retention period, on a background thread at a fixed interval. Every instance
 * runs it; the purge is idempotent, and the chain-head lock keeps two instances from purging the same rows. Rows
 * go in chain order only (a gap-free prefix), so the chain stays checkable from the checkpoint the purge leaves.
 */
public class AuditRetention implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AuditRetention.class);

	private static final int CHUNK_SIZE = 1000;

	private static final int REST_PER_CHUNK_TIME = 3;

	private final JdbcAuditStore store;

	private final Duration retention;

	private final Duration interval;

	private final Clock clock;

	private final PeriodicTask schedule;

	/**
	 * Create the purge.
	 * @param store the store
	 * @param retention how long rows are kept
	 * @param interval how often the purge runs; zero or negative never runs it
	 * @param clock the clock
	 */
	public AuditRetention(JdbcAuditStore store, Duration retention, Duration interval, Clock clock) {
		this(store, retention, interval, clock, AuditRetention::defaultScheduler);
	}

	/**
	 * Create the purge.
	 * @param store the store
	 * @param retention how long rows are kept
	 * @param interval how often the purge runs; zero or negative never runs it
	 * @param clock the clock
	 * @param schedulers makes the single-thread scheduler the purge runs on, once per start; stopping it interrupts
	 * a running purge (the rows left go in the next run)
	 */
	public AuditRetention(JdbcAuditStore store, Duration retention, Duration interval, Clock clock,
			Supplier<ThreadPoolTaskScheduler> schedulers) {
		this.schedule = new PeriodicTask(schedulers, this::purgeAndLog, interval);
		if (retention.isZero() || retention.isNegative()) {
			throw new IllegalArgumentException("The audit retention (mcp.guard.audit.retention) must be positive");
		}
		this.store = store;
		this.retention = retention;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Delete the rows older than the retention period now.
	 * @return the number of rows deleted
	 */
	public long purge() {
		Instant cutoff = this.clock.instant().minus(this.retention);
		long deleted = 0;
		while (true) {
			long start = System.nanoTime();
			int chunk = this.store.purgeChunk(cutoff, CHUNK_SIZE);
			if (chunk == 0) {
				break;
			}
			deleted += chunk;
			// A big backlog (a retention lowered, a first purge of an old table) takes many chunks: resting three
			// times as long as each chunk took keeps the purge to about a quarter of one core and of one database
			// connection, so the calls served meanwhile keep most of their latency (src/docs/benchmark.md, soak).
			LockSupport.parkNanos(REST_PER_CHUNK_TIME * (System.nanoTime() - start));
			if (Thread.currentThread().isInterrupted()) {
				// stopped: the rows left go in the next run
				break;
			}
		}
		if (deleted > 0) {
			logger.info("MCP Guard purged " + deleted + " audit rows older than " + this.retention.toDays() + " days");
		}
		return deleted;
	}

	@Override
	public void start() {
		long period = Math.max(0, this.interval.toMillis());
		// spread out, so instances started together do not all purge at once
		long firstDelay = Math.min(period, 60_000) + ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(period, 60_000)));
		this.schedule.start(this.clock.instant().plusMillis(firstDelay));
	}

	private static ThreadPoolTaskScheduler defaultScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("mcp-guard-audit-purge-");
		scheduler.setDaemon(true);
		return scheduler;
	}

	private void purgeAndLog() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			logger.warn("MCP Guard could not purge old audit rows (retrying in " + this.interval + "): " + ex.getMessage());
		}
	}

	@Override
	public void stop() {
		this.schedule.stop();
	}

	@Override
	public boolean isRunning() {
		return this.schedule.isRunning();
	}

}
