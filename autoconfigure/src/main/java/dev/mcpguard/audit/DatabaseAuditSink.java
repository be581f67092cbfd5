package dev.mcpguard.audit;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Writes batches to the hash chain in the database ({@link JdbcAuditStore}). A record the database refuses (not
 * the database being away) does not hold up the others: the batch is written again record by record and the refused
 * record goes to the rejects. Any other failure reaches the caller, which keeps the batch elsewhere.
 */
public class DatabaseAuditSink implements AuditSink {

	private static final Log logger = LogFactory.getLog(DatabaseAuditSink.class);

	private final JdbcAuditStore store;

	private final Consumer<AuditRecord> rejects;

	/**
	 * Create the sink.
	 * @param store the database store
	 * @param rejects keeps a record the database refuses
	 */
	public DatabaseAuditSink(JdbcAuditStore store, Consumer<AuditRecord> rejects) {
		this.store = store;
		this.rejects = rejects;
	}

	/**
	 * Write records offered for the first time: their ids are not looked up.
	 * @param records the records
	 */
	@Override
	public void write(List<AuditRecord> records) {
		insert(records, true);
	}

	/**
	 * Write records that may have reached the database before (a retried or replayed batch): stored ones are
	 * skipped.
	 * @param records the records
	 */
	public void writeAgain(List<AuditRecord> records) {
		insert(records, false);
	}

	/**
	 * Write records, as {@link #write} ({@code firstTry}) or {@link #writeAgain} do.
	 * @param records the records
	 * @param firstTry whether the records are offered for the first time (their ids are not looked up)
	 * @return how many rows were inserted: neither the records stored already nor those refused count
	 */
	int insert(List<AuditRecord> records, boolean firstTry) {
		try {
			return firstTry ? this.store.appendNew(records) : this.store.append(records);
		}
		catch (DataIntegrityViolationException ex) {
			if (records.size() == 1) {
				logger.error("MCP Guard audit record " + records.get(0).id() + " is refused by the database; kept with "
						+ "the rejected records", ex);
				this.rejects.accept(records.get(0));
				return 0;
			}
			int inserted = 0;
			for (AuditRecord record : records) {
				inserted += insert(List.of(record), false);
			}
			return inserted;
		}
	}

}
