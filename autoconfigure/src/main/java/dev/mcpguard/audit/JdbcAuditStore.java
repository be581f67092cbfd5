package dev.mcpguard.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail in the database ({@code mcp_guard_audit}), one hash chain shared by every instance: appending
 * ({@link AuditChainAppender}), searching and verifying ({@link AuditChainReader}) and purging ({@link AuditPurge})
 * over one {@link DataSource}.
 * <p>
 * A batch written again after an ambiguous failure, or replayed from the spool, is stored once: {@link #append}
 * skips ids already stored. Records offered for the first time ({@link #appendNew}) skip that look-up; should one
 * be stored after all, the primary key refuses the batch and it is written again with the look-up. The retention
 * purge removes a prefix of the chain and records the last removed row's hash as a checkpoint, where verification
 * starts. Plain JDBC keeps the write path out of the application's JPA setup.
 */
public class JdbcAuditStore implements AuditFinder {

	/** The most rows one INSERT statement carries on databases other than PostgreSQL. */
	static final int ROWS_PER_INSERT = AuditChainAppender.ROWS_PER_INSERT;

	private final AuditChainAppender appender;

	private final AuditChainReader reader;

	private final AuditPurge purge;

	/**
	 * Create the store.
	 * @param dataSource the database holding MCP Guard's tables
	 */
	public JdbcAuditStore(DataSource dataSource) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		this.appender = new AuditChainAppender(dataSource);
		this.reader = new AuditChainReader(jdbc);
		this.purge = new AuditPurge(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
	}

	/**
	 * Append records to the chain, in order, skipping those already stored: for records that may have been
	 * offered before, such as a batch written again after a failure or replayed from the spool.
	 * @param records the records
	 * @return the number of rows inserted
	 */
	public int append(List<AuditRecord> records) {
		return this.appender.append(records, true);
	}

	/**
	 * Append records offered for the first time, in order: records created in this process (with new random ids)
	 * and never passed to the store before. Their ids are not looked up; if one is stored after all, the batch is
	 * rolled back and written again as by {@link #append}, so nothing is lost or stored twice.
	 * @param records the records
	 * @return the number of rows inserted
	 */
	public int appendNew(List<AuditRecord> records) {
		return this.appender.append(records, false);
	}

	/**
	 * Search the trail, newest first.
	 * @param query the filters
	 * @return the matching records
	 */
	@Override
	public List<StoredAuditRecord> find(AuditQuery query) {
		return this.reader.find(query);
	}

	/**
	 * Recompute the chain from the oldest row kept (or the purge checkpoint) to the chain head.
	 * @return the result, with the first broken link if any
	 */
	public ChainVerification verify() {
		return this.reader.verify(List.of());
	}

	/**
	 * Recompute the chain as {@link #verify()} does, and compare it with signed checkpoints: the row at each
	 * checkpoint's sequence number must carry the signed hash, and the chain head must not be behind any of them.
	 * @param checkpoints checkpoints whose signatures were checked
	 * @return the result, with the first broken link if any
	 */
	public ChainVerification verify(Collection<AuditCheckpoint> checkpoints) {
		return this.reader.verify(checkpoints);
	}

	/**
	 * Delete the oldest rows, up to the first one at or after the cutoff, and move the checkpoint to the last row
	 * deleted. Works in chunks, each its own transaction, so writers wait for one chunk at most.
	 * @param cutoff rows before this instant may go
	 * @param chunkSize rows per transaction
	 * @return the number of rows deleted
	 */
	public long purge(Instant cutoff, int chunkSize) {
		long total = 0;
		for (int deleted = purgeChunk(cutoff, chunkSize); deleted > 0; deleted = purgeChunk(cutoff, chunkSize)) {
			total += deleted;
		}
		return total;
	}

	/**
	 * Delete one chunk of the oldest rows before the cutoff, in its own transaction, and move the checkpoint to the
	 * last row deleted.
	 * @param cutoff rows before this instant may go
	 * @param chunkSize the most rows to delete
	 * @return the number of rows deleted, zero when no row before the cutoff is left
	 */
	public int purgeChunk(Instant cutoff, int chunkSize) {
		return this.purge.purgeChunk(cutoff, chunkSize);
	}

	/**
	 * A stored row that cannot be read back as an audit record: it was changed outside MCP Guard.
	 */
	public static final class UnreadableRowException extends IllegalStateException {

		private final long seq;

		private final @Nullable String id;

		private final String reason;

		UnreadableRowException(long seq, @Nullable String id, String reason) {
			super("Audit row " + seq + " cannot be read (" + reason + "); run the mcpaudit verify check");
			this.seq = seq;
			this.id = id;
			this.reason = reason;
		}

		/**
		 * What makes the row unreadable.
		 * @return the reason
		 */
		public String reason() {
			return this.reason;
		}

		/**
		 * The sequence number of the row.
		 * @return the sequence number
		 */
		public long seq() {
			return this.seq;
		}

		/**
		 * The id of the row.
		 * @return the id
		 */
		public @Nullable String id() {
			return this.id;
		}

	}

}
