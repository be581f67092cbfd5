package dev.mcpguard.audit;

import java.util.List;

/**
 * Where audit records go: the database trail, its spool, and any sink an application adds as a bean (a SIEM, a log
 * pipeline). Every {@link AuditRecord} the trail builds reaches every sink, in the order the events were recorded.
 * <p>
 * An application's sink receives batches on the trail's writer thread (in {@code strict} mode, when the queue is
 * full and after shutdown, on the thread recording the event): it should return quickly and keep its own retries.
 * An exception it throws is logged and counted; it never holds up the database trail or the other sinks.
 */
@FunctionalInterface
public interface AuditSink {

	/**
	 * Write a batch of records, oldest first.
	 * @param records the records, redacted; never empty
	 */
	void write(List<AuditRecord> records);

}
