package dev.mcpguard.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * Appends batches to the hash chain in {@code mcp_guard_audit}. Each batch is one transaction that locks the chain
 * head ({@code SELECT ... FOR UPDATE}), skips records whose id is already stored (when asked to), gives the others
 * the next sequence numbers and hashes, inserts them and moves the head: instances take turns per batch, and the
 * chain is one total order across the cluster.
 * <p>
 * On PostgreSQL the rows go in one {@code COPY ... FROM STDIN} per batch; on other databases in multi-row
 * {@code INSERT ... VALUES (...), (...)} statements of up to {@value #ROWS_PER_INSERT} rows.
 */
final class AuditChainAppender {

	/** The most rows one INSERT statement carries (16 parameters each, well within every driver's limit). */
	static final int ROWS_PER_INSERT = 100;

	private static final Log logger = LogFactory.getLog(AuditChainAppender.class);

	private static final String ROW_PARAMETERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String FULL_INSERT = insertSql(ROWS_PER_INSERT);

	private static final boolean POSTGRES_DRIVER = ClassUtils.isPresent("org.postgresql.PGConnection",
			AuditChainAppender.class.getClassLoader());

	private final JdbcTemplate template;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	// One writer per instance at a time: the others would only wait for the database lock, holding connections.
	private final ReentrantLock writeLock = new ReentrantLock();

	AuditChainAppender(DataSource dataSource) {
		this.template = new JdbcTemplate(dataSource);
		this.jdbc = JdbcClient.create(this.template);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	int append(List<AuditRecord> records, boolean offeredBefore) {
		if (records.isEmpty()) {
			return 0;
		}
		this.writeLock.lock();
		try {
			if (offeredBefore) {
				return write(records, true);
			}
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
		AuditRows.Head head = AuditRows.head(this.jdbc, true);
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
			.param("id", AuditRows.CHAIN_ID)
			.update();
		return rows.size();
	}

	private void insert(List<StoredAuditRecord> rows) {
		if (POSTGRES_DRIVER && Boolean.TRUE.equals(this.template.execute(
				(ConnectionCallback<Boolean>) (connection) -> PostgresAuditCopy.copy(connection, AuditRows.COLUMNS, rows)))) {
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
			this.template.batchUpdate(FULL_INSERT, chunks, fullChunks, AuditRows::bind);
		}
		List<StoredAuditRecord> rest = rows.subList(fullChunks * ROWS_PER_INSERT, rows.size());
		if (!rest.isEmpty()) {
			this.template.update(insertSql(rest.size()), (statement) -> AuditRows.bind(statement, rest));
		}
	}

	private static String insertSql(int rows) {
		StringBuilder sql = new StringBuilder(40 + AuditRows.COLUMNS.length() + rows * (ROW_PARAMETERS.length() + 2));
		sql.append("INSERT INTO mcp_guard_audit (").append(AuditRows.COLUMNS).append(") VALUES ").append(ROW_PARAMETERS);
		for (int row = 1; row < rows; row++) {
			sql.append(", ").append(ROW_PARAMETERS);
		}
		return sql.toString();
	}

	private Set<String> existingIds(List<AuditRecord> records) {
		List<String> ids = records.stream().map(AuditRecord::id).toList();
		return new HashSet<>(this.jdbc.sql("SELECT id FROM mcp_guard_audit WHERE id IN (:ids)")
			.param("ids", ids)
			.query(String.class)
			.list());
	}

}
