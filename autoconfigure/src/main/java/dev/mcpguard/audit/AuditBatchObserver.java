package dev.mcpguard.audit;

/**
 * Told of every batch the audit trail's writer thread wrote to its sinks (for the meters).
 */
@FunctionalInterface
public interface AuditBatchObserver {

	/**
	 * A batch was written to every sink.
	 * @param records the number of records
	 * @param nanos how long writing took
	 */
	void written(int records, long nanos);

}
