package dev.mcpguard.audit;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The sinks every batch goes to: the durable one (database with spool failover) first, then the application's
 * {@link AuditSink} beans, in order. An application sink that fails is logged and counted and never stops the
 * others.
 */
final class AuditSinks {

	private static final Log logger = LogFactory.getLog(AuditSinks.class);

	private final FailoverAuditSink durable;

	private final List<AuditSink> others;

	private final AuditCounters counters;

	private final int queueCapacity;

	AuditSinks(FailoverAuditSink durable, List<AuditSink> others, AuditCounters counters, int queueCapacity) {
		this.durable = durable;
		this.others = List.copyOf(others);
		this.counters = counters;
		this.queueCapacity = queueCapacity;
	}

	/** On the writer thread; an empty batch gives the spool a chance to replay. */
	void write(List<AuditRecord> batch) {
		this.durable.write(batch);
		writeOthers(batch);
	}

	/** On the thread recording the events. */
	void writeNow(List<AuditRecord> batch) {
		this.durable.writeNow(batch);
		writeOthers(batch);
	}

	/** The queue is full: on the request thread. */
	void spill(AuditRecord record) {
		this.durable.spill(record, this.queueCapacity);
		writeOthers(List.of(record));
	}

	void idle() {
		this.durable.maintain();
	}

	void lost(int records) {
		this.counters.lost.addAndGet(records);
	}

	void shutDown() {
		this.durable.shutDown();
	}

	void close() {
		this.durable.close();
	}

	private void writeOthers(List<AuditRecord> batch) {
		if (batch.isEmpty()) {
			return;
		}
		for (AuditSink sink : this.others) {
			try {
				sink.write(batch);
			}
			catch (RuntimeException ex) {
				this.counters.sinkFailures.incrementAndGet();
				logger.error("MCP Guard audit sink " + sink + " failed to take " + batch.size()
						+ " records; the database trail has them", ex);
			}
		}
	}

}
