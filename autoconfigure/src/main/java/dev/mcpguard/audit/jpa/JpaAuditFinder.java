package dev.mcpguard.audit.jpa;

import java.util.List;

import dev.mcpguard.audit.AuditFinder;
import dev.mcpguard.audit.AuditQuery;
import dev.mcpguard.audit.AuditRecord;
import dev.mcpguard.audit.StoredAuditRecord;

import org.springframework.data.domain.Sort;

/**
 * The {@code mcpaudit} search through the {@link AuditEventRepository}: the same filters and order (newest first,
 * chain order within an instant) as the JDBC search.
 */
public class JpaAuditFinder implements AuditFinder {

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("time"), Sort.Order.desc("seq"));

	private final AuditEventRepository repository;

	/**
	 * Create the finder.
	 * @param repository the repository
	 */
	public JpaAuditFinder(AuditEventRepository repository) {
		this.repository = repository;
	}

	@Override
	public List<StoredAuditRecord> find(AuditQuery query) {
		// a limited list, not a page: the endpoint shows no total, so no count query
		return this.repository
			.findBy(AuditEventSpecifications.matching(query), (rows) -> rows.sortBy(NEWEST_FIRST).limit(query.limit()).all())
			.stream()
			.map(JpaAuditFinder::stored)
			.toList();
	}

	private static StoredAuditRecord stored(AuditEvent event) {
		AuditRecord record = new AuditRecord(event.getId(), event.getTime(), event.getPrincipal(), event.getAuthMethod(),
				event.getSessionId(), event.getClientIp(), event.getTool(), event.getArguments(), event.getOutcome(),
				event.getMessage(), event.getDurationMs(), event.getApprovalId(), event.getTraceId());
		return new StoredAuditRecord(event.getSeq(), record, event.getPrevHash(), event.getRowHash());
	}

}
