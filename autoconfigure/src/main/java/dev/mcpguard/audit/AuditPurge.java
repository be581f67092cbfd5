package dev.mcpguard.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a gap-free prefix of the chain, oldest first, a chunk per transaction, and moves the purge checkpoint
 * (the last deleted row's sequence number and hash) where verification then starts.
 */
final class AuditPurge {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	AuditPurge(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	int purgeChunk(Instant cutoff, int chunkSize) {
		Integer deleted = this.transactions.execute((status) -> deleteOldest(cutoff, chunkSize));
		return (deleted != null) ? deleted : 0;
	}

	private int deleteOldest(Instant cutoff, int chunkSize) {
		AuditRows.Head head = AuditRows.head(this.jdbc, true);
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
			.param("id", AuditRows.CHAIN_ID)
			.update();
		return deleted;
	}

	private record ChainLink(long seq, Instant time, String hash) {
	}

}
