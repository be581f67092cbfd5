package dev.mcpguard.audit;

import java.util.List;

/**
 * Searches the audit trail: the {@code mcpaudit} endpoint reads through it (JDBC by default, the JPA repository when
 * the application uses JPA).
 */
@FunctionalInterface
public interface AuditFinder {

	/**
	 * Search the trail, newest first.
	 * @param query the filters
	 * @return the matching records
	 */
	List<StoredAuditRecord> find(AuditQuery query);

}
