package dev.mcpguard.audit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to the audit records since start: written to the database, refused by it (rejected), spooled while it was away, replayed
 * from the spool, spilled by request threads because the queue was full, and lost (written nowhere). Read by the
 * health indicator and the meters.
 */
public final class AuditCounters {

	final AtomicLong written = new AtomicLong();

	final AtomicLong rejected = new AtomicLong();

	final AtomicLong spooled = new AtomicLong();

	final AtomicLong replayed = new AtomicLong();

	final AtomicLong spilled = new AtomicLong();

	final AtomicLong lost = new AtomicLong();

	final AtomicLong sinkFailures = new AtomicLong();

	/**
	 * Rows inserted into the database, replays included; records stored already (a retried batch) and records the
	 * database refused do not count.
	 * @return the count since start
	 */
	public long written() {
		return this.written.get();
	}

	/**
	 * Records the database refused (a constraint or data error), kept in the spool's {@code rejected.jsonl}.
	 * @return the count since start
	 */
	public long rejected() {
		return this.rejected.get();
	}

	/**
	 * Records written to the local spool instead of the database (spills included).
	 * @return the count since start
	 */
	public long spooled() {
		return this.spooled.get();
	}

	/**
	 * Records replayed from the spool into the database.
	 * @return the count since start
	 */
	public long replayed() {
		return this.replayed.get();
	}

	/**
	 * Records the request thread wrote to the spool itself because the queue was full.
	 * @return the count since start
	 */
	public long spilled() {
		return this.spilled.get();
	}

	/**
	 * Records written neither to the database nor to the spool.
	 * @return the count since start
	 */
	public long lost() {
		return this.lost.get();
	}

	/**
	 * Batches an application's {@link AuditSink} failed to take.
	 * @return the count since start
	 */
	public long sinkFailures() {
		return this.sinkFailures.get();
	}

}
