package dev.mcpguard.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;

/**
 * The durable sink: the database, with the local {@link AuditSpool} as failover. When the database fails, the
 * batch goes to the spool and so does everything after it, until a retry (every retry interval) finds the database
 * back: the spool is then replayed in order, before newer records, and removed. Nothing is dropped: a batch neither
 * the database nor the spool takes is retried until shutdown, and only then counted as lost.
 */
public class FailoverAuditSink implements AuditSink {

	private static final Log logger = LogFactory.getLog(FailoverAuditSink.class);

	private final DatabaseAuditSink database;

	private final AuditSpool spool;

	private final Duration retryInterval;

	private final int replayChunk;

	private final AuditCounters counters;

	private final AtomicBoolean probing = new AtomicBoolean();

	// nanoTime after which the database is tried again; 0 while it works
	private volatile long retryDatabaseAt;

	private volatile boolean spillWarned;

	private volatile boolean shuttingDown;

	/**
	 * Create the sink.
	 * @param store the database store
	 * @param spool the local spool
	 * @param retryInterval how long to wait before trying a failed database again
	 * @param replayChunk the most spooled records per replayed batch
	 * @param counters where written (rows inserted), rejected, spooled, replayed and lost records are counted
	 */
	public FailoverAuditSink(JdbcAuditStore store, AuditSpool spool, Duration retryInterval, int replayChunk,
			AuditCounters counters) {
		this.database = new DatabaseAuditSink(store, (record) -> {
			spool.reject(record);
			counters.rejected.incrementAndGet();
		});
		this.spool = spool;
		this.retryInterval = retryInterval;
		this.replayChunk = replayChunk;
		this.counters = counters;
	}

	/**
	 * Write a batch on the writer thread: to the database, or the spool; if both fail, try again every retry
	 * interval until shutdown. An empty batch only replays the spool when the database is due a try.
	 * @param batch the records
	 */
	@Override
	public void write(List<AuditRecord> batch) {
		// Once a write of this batch has been tried, it may have reached the database: later tries check its ids.
		boolean tried = false;
		while (true) {
			try {
				if (this.spool.hasPending() && databaseDue()) {
					replaySpool();
				}
				if (batch.isEmpty()) {
					return;
				}
				if (!this.spool.hasPending() && databaseDue()) {
					boolean firstTry = !tried;
					tried = true;
					writeToDatabase(batch, firstTry);
				}
				else {
					toSpool(batch);
				}
				return;
			}
			catch (DatabaseUnavailableException ex) {
				databaseFailed(ex.getCause());
			}
			catch (RuntimeException ex) {
				logger.error("MCP Guard can write audit events neither to the database nor to the spool in "
						+ this.spool.directory() + "; retrying in " + this.retryInterval.toSeconds() + " s", ex);
				if (!pauseBeforeRetry()) {
					this.counters.lost.addAndGet(batch.size());
					logger.error("MCP Guard lost " + batch.size() + " audit events at shutdown");
					return;
				}
				this.retryDatabaseAt = 0;
			}
		}
	}

	/**
	 * Write a batch on the thread recording it (strict mode, events after shutdown): one try of the database, then
	 * the spool. While the database is failing, one caller at a time finds out whether it is back; the others spool.
	 * @param batch the records
	 */
	public void writeNow(List<AuditRecord> batch) {
		try {
			// only the caller that took the probing flag gives it back
			boolean probe = false;
			if (!this.spool.hasPending() && databaseDue()
					&& (this.retryDatabaseAt == 0 || (probe = this.probing.compareAndSet(false, true)))) {
				try {
					this.counters.written.addAndGet(this.database.insert(batch, true));
					this.retryDatabaseAt = 0;
					return;
				}
				catch (RuntimeException ex) {
					databaseFailed(ex);
				}
				finally {
					if (probe) {
						this.probing.set(false);
					}
				}
			}
			toSpool(batch);
		}
		catch (RuntimeException ex) {
			this.counters.lost.addAndGet(batch.size());
			logger.error("MCP Guard lost " + batch.size() + " audit event(s): neither the database nor the spool took them", ex);
		}
	}

	/**
	 * Keep a record the queue had no room for: the request thread writes it to the spool itself rather than wait.
	 * @param record the record
	 * @param queueCapacity the capacity of the full queue, for the warning
	 */
	public void spill(AuditRecord record, int queueCapacity) {
		if (!this.spillWarned) {
			this.spillWarned = true;
			logger.warn("MCP Guard audit queue is full (" + queueCapacity + " events): events are spooled to "
					+ this.spool.directory() + " until the writer catches up");
		}
		try {
			toSpool(List.of(record));
			this.counters.spilled.incrementAndGet();
		}
		catch (RuntimeException ex) {
			this.counters.lost.incrementAndGet();
			logger.error("MCP Guard lost audit event " + record.id() + ": the queue is full and the spool failed", ex);
		}
	}

	/**
	 * While idle: replay the spool when the database is due a try, and pick up files a stopped process left.
	 */
	public void maintain() {
		this.spool.rescan();
		if (this.spool.hasPending() && databaseDue()) {
			try {
				replaySpool();
			}
			catch (DatabaseUnavailableException ex) {
				databaseFailed(ex.getCause());
			}
			catch (RuntimeException ex) {
				logger.error("MCP Guard could not replay the audit spool in " + this.spool.directory(), ex);
			}
		}
	}

	/**
	 * Whether records wait in the spool for the database.
	 * @return {@code true} while spooling or replaying
	 */
	public boolean spooling() {
		return this.spool.hasPending();
	}

	/**
	 * Stop waiting between retries: from now on a batch neither the database nor the spool takes is lost at once.
	 */
	void shutDown() {
		this.shuttingDown = true;
	}

	/**
	 * Close the spool.
	 */
	void close() {
		this.spool.close();
	}

	private void toSpool(List<AuditRecord> batch) {
		this.spool.append(batch);
		this.counters.spooled.addAndGet(batch.size());
	}

	private void replaySpool() {
		long replayed = this.spool.replay(this.replayChunk, (records) -> writeToDatabase(records, false));
		if (replayed > 0) {
			this.counters.replayed.addAndGet(replayed);
			logger.info("MCP Guard wrote " + replayed + " spooled audit events to the database");
		}
		this.spillWarned = false;
	}

	private void writeToDatabase(List<AuditRecord> batch, boolean firstTry) {
		try {
			this.counters.written.addAndGet(this.database.insert(batch, firstTry));
			this.retryDatabaseAt = 0;
		}
		catch (RuntimeException ex) {
			throw new DatabaseUnavailableException(ex);
		}
	}

	private boolean databaseDue() {
		return this.retryDatabaseAt == 0 || System.nanoTime() - this.retryDatabaseAt >= 0;
	}

	private void databaseFailed(Throwable cause) {
		if (this.retryDatabaseAt == 0 && logger.isWarnEnabled()) {
			logger.warn("MCP Guard cannot write audit events to the database ("
					+ NestedExceptionUtils.getMostSpecificCause(cause) + "); spooling them to " + this.spool.directory()
					+ " and retrying every " + this.retryInterval.toMillis() + " ms");
		}
		long retryAt = System.nanoTime() + this.retryInterval.toNanos();
		this.retryDatabaseAt = (retryAt != 0) ? retryAt : 1;
	}

	private boolean pauseBeforeRetry() {
		if (this.shuttingDown) {
			return false;
		}
		try {
			Thread.sleep(this.retryInterval.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static final class DatabaseUnavailableException extends RuntimeException {

		DatabaseUnavailableException(RuntimeException cause) {
			super(cause);
		}

	}

}
