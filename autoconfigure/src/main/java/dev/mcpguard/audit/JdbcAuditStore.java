package dev.mcpguard.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import dev.mcpguard.pipeline.Outcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * The audit trail in the database ({@code mcp_guard_audit}), one hash chain shared by every instance.
 * <p>
 * Each batch is one transaction that locks the chain head ({@code SELECT ... FOR UPDATE} on
 * {@code mcp_guard_audit_chain}), skips records whose id is already stored (so a batch written again after an
 * ambiguous failure, or replayed from the spool, is stored once), gives the others the next sequence numbers and
 * hashes, inserts them, and moves the head. Instances thus take turns per batch, and the chain is one total order
 * across the cluster. The retention purge removes a prefix of the chain and records the last removed row's hash as
 * a checkpoint, where verification starts.
 * <p>
 * Records offered for the first time ({@link #appendNew}) are inserted without looking their ids up; should one be
 * stored after all, the primary key refuses the batch and it is written again with the look-up. On PostgreSQL the
 * rows go in one {@code COPY ... FROM STDIN} per batch; on other databases in multi-row
 * {@code INSERT ... VALUES (...), (...)} statements of up to a hundred rows: the database parses, plans and runs one
 * statement per chunk rather than per row.
 * <p>
 * Uses {@link JdbcClient} for queries and {@link JdbcTemplate} for inserts (JdbcClient has no batch API); plain
 * JDBC keeps the starter out of the application's JPA setup.
 */
public class JdbcAuditStore {

	static final String CHAIN_ID = "main";

	private static final Log logger = LogFactory.getLog(JdbcAuditStore.class);

	private static final String COLUMNS = "id, seq, event_time, principal, auth_method, session_id, client_ip, tool, "
			+ "arguments, outcome, message, duration_ms, approval_id, trace_id, prev_hash, row_hash";

	/** The most rows one INSERT statement carries (16 parameters each, well within every driver's limit). */
	static final int ROWS_PER_INSERT = 100;

	private static final String ROW_PARAMETERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final int PARAMETERS_PER_ROW = 16;

	private static final String FULL_INSERT = insertSql(ROWS_PER_INSERT);

	private static final int PAGE_SIZE = 1000;

	private static final boolean POSTGRES_DRIVER = ClassUtils.isPresent("org.postgresql.PGConnection",
			JdbcAuditStore.class.getClassLoader());

	private final JdbcTemplate template;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	// One writer per instance at a time: the others would only wait for the database lock, holding connections.
	private final ReentrantLock writeLock = new ReentrantLock();

	/**
	 * Create the store.
	 * @param dataSource the database holding MCP Guard's tables
	 */
	public JdbcAuditStore(DataSource dataSource) {
		this.template = new JdbcTemplate(dataSource);
		this.jdbc = JdbcClient.create(this.template);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/**
	 * Append records to the chain, in order, skipping those already stored: for records that may have been
	 * offered before, such as a batch written again after a failure or replayed from the spool.
	 * @param records the records
	 * @return the number of rows inserted
	 */
	public int append(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return 0;
		}
		this.writeLock.lock();
		try {
			return write(records, true);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Append records offered for the first time, in order: records created in this process (with new random ids)
	 * and never passed to the store before. Their ids are not looked up; if one is stored after all, the batch is
	 * rolled back and written again as by {@link #append}, so nothing is lost or stored twice.
	 * @param records the records
	 * @return the number of rows inserted
	 */
	public int appendNew(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return 0;
		}
		this.writeLock.lock();
		try {
			try {
				return write(records, false);
			}
			catch (DataIntegrityViolationException ex) {
				// An id stored already, or a record the database refuses: the checked write tells them apart.
				logger.debug("MCP Guard audit batch refused on its first write; writing it again with an id check", ex);
				return write(records, true);
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private int write(List<AuditRecord> records, boolean skipStored) {
		Integer inserted = this.transactions.execute((status) -> appendInTransaction(records, skipStored));
		return (inserted != null) ? inserted : 0;
	}

	private int appendInTransaction(List<AuditRecord> records, boolean skipStored) {
		ChainHead head = lockHead();
		Set<String> seen = skipStored ? existingIds(records) : new HashSet<>(records.size() * 2);
		List<StoredAuditRecord> rows = new ArrayList<>(records.size());
		long seq = head.lastSeq();
		String hash = head.lastHash();
		for (AuditRecord record : records) {
			if (seen.add(record.id())) {
				seq++;
				String rowHash = AuditChain.hash(hash, seq, record);
				rows.add(new StoredAuditRecord(seq, record, hash, rowHash));
				hash = rowHash;
			}
		}
		if (rows.isEmpty()) {
			return 0;
		}
		insert(rows);
		this.jdbc.sql("UPDATE mcp_guard_audit_chain SET last_seq = :seq, last_hash = :hash WHERE id = :id")
			.param("seq", seq)
			.param("hash", hash)
			.param("id", CHAIN_ID)
			.update();
		return rows.size();
	}

	private void insert(List<StoredAuditRecord> rows) {
		if (POSTGRES_DRIVER && Boolean.TRUE.equals(this.template
			.execute((ConnectionCallback<Boolean>) (connection) -> PostgresAuditCopy.copy(connection, COLUMNS, rows)))) {
			return;
		}
		insertStatements(rows);
	}

	// Full chunks share one statement text, sent as one JDBC batch; the rest is one shorter statement.
	private void insertStatements(List<StoredAuditRecord> rows) {
		int fullChunks = rows.size() / ROWS_PER_INSERT;
		if (fullChunks > 0) {
			List<List<StoredAuditRecord>> chunks = new ArrayList<>(fullChunks);
			for (int chunk = 0; chunk < fullChunks; chunk++) {
				chunks.add(rows.subList(chunk * ROWS_PER_INSERT, (chunk + 1) * ROWS_PER_INSERT));
			}
			this.template.batchUpdate(FULL_INSERT, chunks, fullChunks, JdbcAuditStore::bind);
		}
		List<StoredAuditRecord> rest = rows.subList(fullChunks * ROWS_PER_INSERT, rows.size());
		if (!rest.isEmpty()) {
			this.template.update(insertSql(rest.size()), (statement) -> bind(statement, rest));
		}
	}

	private static String insertSql(int rows) {
		StringBuilder sql = new StringBuilder(40 + COLUMNS.length() + rows * (ROW_PARAMETERS.length() + 2));
		sql.append("INSERT INTO mcp_guard_audit (").append(COLUMNS).append(") VALUES ").append(ROW_PARAMETERS);
		for (int row = 1; row < rows; row++) {
			sql.append(", ").append(ROW_PARAMETERS);
		}
		return sql.toString();
	}

	private ChainHead lockHead() {
		return this.jdbc
			.sql("SELECT last_seq, last_hash, purged_seq, purged_hash FROM mcp_guard_audit_chain WHERE id = :id FOR UPDATE")
			.param("id", CHAIN_ID)
			.query(JdbcAuditStore::head)
			.optional()
			.orElseThrow(() -> new IllegalStateException("The audit chain head (mcp_guard_audit_chain, id 'main') is missing"));
	}

	private ChainHead readHead() {
		return this.jdbc.sql("SELECT last_seq, last_hash, purged_seq, purged_hash FROM mcp_guard_audit_chain WHERE id = :id")
			.param("id", CHAIN_ID)
			.query(JdbcAuditStore::head)
			.optional()
			.orElseThrow(() -> new IllegalStateException("The audit chain head (mcp_guard_audit_chain, id 'main') is missing"));
	}

	private Set<String> existingIds(List<AuditRecord> records) {
		List<String> ids = records.stream().map(AuditRecord::id).toList();
		return new HashSet<>(this.jdbc.sql("SELECT id FROM mcp_guard_audit WHERE id IN (:ids)")
			.param("ids", ids)
			.query(String.class)
			.list());
	}

	/**
	 * Search the trail, newest first.
	 * @param query the filters
	 * @return the matching records
	 */
	public List<StoredAuditRecord> find(AuditQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM mcp_guard_audit WHERE 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (query.principal() != null) {
			sql.append(" AND principal = :principal");
			params.put("principal", query.principal());
		}
		if (query.tool() != null) {
			sql.append(" AND tool = :tool");
			params.put("tool", query.tool());
		}
		if (query.outcome() != null) {
			sql.append(" AND outcome = :outcome");
			params.put("outcome", query.outcome().name());
		}
		if (query.since() != null) {
			sql.append(" AND event_time >= :since");
			params.put("since", utc(query.since()));
		}
		if (query.until() != null) {
			sql.append(" AND event_time < :until");
			params.put("until", utc(query.until()));
		}
		sql.append(" ORDER BY event_time DESC, seq DESC LIMIT ").append(query.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(JdbcAuditStore::row).list();
	}

	/**
	 * Recompute the chain from the oldest row kept (or the purge checkpoint) to the chain head.
	 * @return the result, with the first broken link if any
	 */
	public ChainVerification verify() {
		ChainVerification result = verifyOnce();
		// A purge that ran meanwhile removes rows this check expected; then the check runs again.
		for (int attempt = 0; attempt < 3 && !result.valid() && readHead().purgedSeq() + 1 != result.firstSeq(); attempt++) {
			result = verifyOnce();
		}
		return result;
	}

	private ChainVerification verifyOnce() {
		ChainHead head = readHead();
		AuditChain.Verifier verifier = new AuditChain.Verifier(head.purgedSeq(), head.purgedHash());
		long after = head.purgedSeq();
		while (after < head.lastSeq()) {
			List<StoredAuditRecord> page;
			try {
				page = this.jdbc
					.sql("SELECT " + COLUMNS + " FROM mcp_guard_audit WHERE seq > :after AND seq <= :last ORDER BY seq LIMIT " + PAGE_SIZE)
					.param("after", after)
					.param("last", head.lastSeq())
					.query(JdbcAuditStore::row)
					.list();
			}
			catch (UnreadableRowException ex) {
				return new ChainVerification(false, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(),
						new ChainVerification.BrokenLink(ex.seq(), ex.id(), "the row was changed (" + ex.reason() + ")"));
			}
			if (page.isEmpty()) {
				break;
			}
			for (StoredAuditRecord row : page) {
				if (!verifier.check(row)) {
					return new ChainVerification(false, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(), verifier.broken());
				}
			}
			after = page.get(page.size() - 1).seq();
		}
		verifier.checkHead(head.lastSeq(), head.lastHash());
		return new ChainVerification(verifier.broken() == null, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(),
				verifier.broken());
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
		Integer deleted = this.transactions.execute((status) -> deleteOldest(cutoff, chunkSize));
		return (deleted != null) ? deleted : 0;
	}

	private int deleteOldest(Instant cutoff, int chunkSize) {
		ChainHead head = lockHead();
		// What the purge needs of each row, not the whole row: on a big table it is most of the purge's reading.
		List<ChainLink> oldest = this.jdbc
			.sql("SELECT seq, event_time, row_hash FROM mcp_guard_audit WHERE seq > :after ORDER BY seq LIMIT " + chunkSize)
			.param("after", head.purgedSeq())
			.query((rs, rowNum) -> new ChainLink(rs.getLong("seq"),
					rs.getObject("event_time", OffsetDateTime.class).toInstant(), rs.getString("row_hash")))
			.list();
		// Only a gap-free prefix of old rows goes: the chain stays checkable from the checkpoint.
		ChainLink last = null;
		long expected = head.purgedSeq() + 1;
		for (ChainLink row : oldest) {
			if (row.seq() != expected || !row.time().isBefore(cutoff)) {
				break;
			}
			last = row;
			expected++;
		}
		if (last == null) {
			return 0;
		}
		int deleted = this.jdbc.sql("DELETE FROM mcp_guard_audit WHERE seq > :after AND seq <= :upTo")
			.param("after", head.purgedSeq())
			.param("upTo", last.seq())
			.update();
		this.jdbc.sql("UPDATE mcp_guard_audit_chain SET purged_seq = :seq, purged_hash = :hash WHERE id = :id")
			.param("seq", last.seq())
			.param("hash", last.hash())
			.param("id", CHAIN_ID)
			.update();
		return deleted;
	}

	private static void bind(PreparedStatement statement, List<StoredAuditRecord> rows) throws SQLException {
		int offset = 0;
		for (StoredAuditRecord row : rows) {
			bind(statement, offset, row);
			offset += PARAMETERS_PER_ROW;
		}
	}

	private static void bind(PreparedStatement statement, int offset, StoredAuditRecord row) throws SQLException {
		AuditRecord record = row.record();
		statement.setString(offset + 1, record.id());
		statement.setLong(offset + 2, row.seq());
		statement.setObject(offset + 3, utc(record.time()));
		setNullable(statement, offset + 4, record.principal());
		setNullable(statement, offset + 5, record.authMethod());
		setNullable(statement, offset + 6, record.sessionId());
		setNullable(statement, offset + 7, record.clientIp());
		setNullable(statement, offset + 8, record.tool());
		setNullable(statement, offset + 9, record.arguments());
		statement.setString(offset + 10, record.outcome().name());
		setNullable(statement, offset + 11, record.message());
		statement.setLong(offset + 12, record.durationMs());
		setNullable(statement, offset + 13, record.approvalId());
		setNullable(statement, offset + 14, record.traceId());
		statement.setString(offset + 15, row.prevHash());
		statement.setString(offset + 16, row.hash());
	}

	private static void setNullable(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.VARCHAR);
		}
		else {
			statement.setString(index, value);
		}
	}

	private static StoredAuditRecord row(ResultSet rs, int rowNum) throws SQLException {
		Outcome outcome = outcome(rs.getString("outcome"));
		if (outcome == null) {
			throw new UnreadableRowException(rs.getLong("seq"), rs.getString("id"), "unknown outcome");
		}
		AuditRecord record = new AuditRecord(rs.getString("id"), rs.getObject("event_time", OffsetDateTime.class).toInstant(),
				rs.getString("principal"), rs.getString("auth_method"), rs.getString("session_id"),
				rs.getString("client_ip"), rs.getString("tool"), rs.getString("arguments"),
				outcome, rs.getString("message"), rs.getLong("duration_ms"),
				rs.getString("approval_id"), rs.getString("trace_id"));
		return new StoredAuditRecord(rs.getLong("seq"), record, rs.getString("prev_hash"), rs.getString("row_hash"));
	}

	private static @Nullable Outcome outcome(@Nullable String name) {
		for (Outcome outcome : Outcome.values()) {
			if (outcome.name().equals(name)) {
				return outcome;
			}
		}
		return null;
	}

	private static ChainHead head(ResultSet rs, int rowNum) throws SQLException {
		return new ChainHead(rs.getLong("last_seq"), rs.getString("last_hash"), rs.getLong("purged_seq"),
				rs.getString("purged_hash"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
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

	private record ChainLink(long seq, Instant time, String hash) {
	}

	private record ChainHead(long lastSeq, String lastHash, long purgedSeq, String purgedHash) {
	}

}
