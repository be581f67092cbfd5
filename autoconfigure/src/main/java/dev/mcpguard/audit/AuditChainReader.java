package dev.mcpguard.audit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads {@code mcp_guard_audit}: searches it, newest first, and recomputes its hash chain from the purge checkpoint
 * to the chain head, comparing it with signed checkpoints on the way.
 */
final class AuditChainReader {

	private static final int PAGE_SIZE = 1000;

	private final JdbcClient jdbc;

	AuditChainReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<StoredAuditRecord> find(AuditQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + AuditRows.COLUMNS + " FROM mcp_guard_audit WHERE 1 = 1");
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
			params.put("since", AuditRows.utc(query.since()));
		}
		if (query.until() != null) {
			sql.append(" AND event_time < :until");
			params.put("until", AuditRows.utc(query.until()));
		}
		sql.append(" ORDER BY event_time DESC, seq DESC LIMIT ").append(query.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(AuditRows::row).list();
	}

	ChainVerification verify(Collection<AuditCheckpoint> checkpoints) {
		ChainVerification result = verifyOnce(checkpoints);
		// A purge that ran meanwhile removes rows this check expected; then the check runs again.
		for (int attempt = 0; attempt < 3 && !result.valid()
				&& AuditRows.head(this.jdbc, false).purgedSeq() + 1 != result.firstSeq(); attempt++) {
			result = verifyOnce(checkpoints);
		}
		return result;
	}

	private ChainVerification verifyOnce(Collection<AuditCheckpoint> checkpoints) {
		AuditRows.Head head = AuditRows.head(this.jdbc, false);
		CheckpointAnchors anchors = new CheckpointAnchors(checkpoints, head);
		if (anchors.broken() != null) {
			return new ChainVerification(false, 0, head.purgedSeq() + 1, head.lastSeq(), anchors.broken(), anchors.size());
		}
		AuditChain.Verifier verifier = new AuditChain.Verifier(head.purgedSeq(), head.purgedHash());
		long after = head.purgedSeq();
		while (after < head.lastSeq()) {
			List<StoredAuditRecord> page;
			try {
				page = this.jdbc
					.sql("SELECT " + AuditRows.COLUMNS
							+ " FROM mcp_guard_audit WHERE seq > :after AND seq <= :last ORDER BY seq LIMIT " + PAGE_SIZE)
					.param("after", after)
					.param("last", head.lastSeq())
					.query(AuditRows::row)
					.list();
			}
			catch (JdbcAuditStore.UnreadableRowException ex) {
				return new ChainVerification(false, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(),
						new ChainVerification.BrokenLink(ex.seq(), ex.id(), "the row was changed (" + ex.reason() + ")"),
						anchors.size());
			}
			if (page.isEmpty()) {
				break;
			}
			for (StoredAuditRecord row : page) {
				if (!verifier.check(row)) {
					return new ChainVerification(false, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(),
							verifier.broken(), anchors.size());
				}
				ChainVerification.BrokenLink rewritten = anchors.check(row);
				if (rewritten != null) {
					return new ChainVerification(false, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(),
							rewritten, anchors.size());
				}
			}
			after = page.get(page.size() - 1).seq();
		}
		verifier.checkHead(head.lastSeq(), head.lastHash());
		return new ChainVerification(verifier.broken() == null, verifier.checked(), head.purgedSeq() + 1, head.lastSeq(),
				verifier.broken(), anchors.size());
	}

}
