package dev.mcpguard.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.mcpguard.pipeline.Outcome;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The shape of {@code mcp_guard_audit} and of its chain head {@code mcp_guard_audit_chain}: columns, reading and
 * binding rows, reading the head. Shared by the appender, the reader and the purge.
 */
final class AuditRows {

	static final String CHAIN_ID = "main";

	static final String COLUMNS = "id, seq, event_time, principal, auth_method, session_id, client_ip, tool, "
			+ "arguments, outcome, message, duration_ms, approval_id, trace_id, prev_hash, row_hash";

	static final int PARAMETERS_PER_ROW = 16;

	private static final String HEAD = "SELECT last_seq, last_hash, purged_seq, purged_hash FROM mcp_guard_audit_chain WHERE id = :id";

	private AuditRows() {
	}

	/**
	 * Read the chain head, locking it until the transaction ends when {@code forUpdate}.
	 */
	static Head head(JdbcClient jdbc, boolean forUpdate) {
		return jdbc.sql(forUpdate ? HEAD + " FOR UPDATE" : HEAD)
			.param("id", CHAIN_ID)
			.query((rs, rowNum) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash"), rs.getLong("purged_seq"),
					rs.getString("purged_hash")))
			.optional()
			.orElseThrow(() -> new IllegalStateException("The audit chain head (mcp_guard_audit_chain, id 'main') is missing"));
	}

	static void bind(PreparedStatement statement, List<StoredAuditRecord> rows) throws SQLException {
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

	static StoredAuditRecord row(ResultSet rs, int rowNum) throws SQLException {
		Outcome outcome = outcome(rs.getString("outcome"));
		if (outcome == null) {
			throw new JdbcAuditStore.UnreadableRowException(rs.getLong("seq"), rs.getString("id"), "unknown outcome");
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

	static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * The chain head: the last row appended and the last row purged.
	 */
	record Head(long lastSeq, String lastHash, long purgedSeq, String purgedHash) {
	}

}
