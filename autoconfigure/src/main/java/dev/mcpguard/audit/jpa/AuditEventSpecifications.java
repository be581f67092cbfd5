package dev.mcpguard.audit.jpa;

import java.time.Instant;

import dev.mcpguard.audit.AuditQuery;
import dev.mcpguard.pipeline.Outcome;

import org.springframework.data.jpa.domain.Specification;

/**
 * {@link Specification}s of {@link AuditEvent}, to combine ({@code where(principal("ci")).and(since(t))}) with
 * {@link AuditEventRepository#findAll(Specification, org.springframework.data.domain.Pageable)}.
 */
public final class AuditEventSpecifications {

	private AuditEventSpecifications() {
	}

	/**
	 * Rows of a principal.
	 * @param principal the principal
	 * @return the specification
	 */
	public static Specification<AuditEvent> principal(String principal) {
		return (root, query, cb) -> cb.equal(root.get("principal"), principal);
	}

	/**
	 * Rows of a tool.
	 * @param tool the tool
	 * @return the specification
	 */
	public static Specification<AuditEvent> tool(String tool) {
		return (root, query, cb) -> cb.equal(root.get("tool"), tool);
	}

	/**
	 * Rows with an outcome.
	 * @param outcome the outcome
	 * @return the specification
	 */
	public static Specification<AuditEvent> outcome(Outcome outcome) {
		return (root, query, cb) -> cb.equal(root.get("outcome"), outcome);
	}

	/**
	 * Rows at or after an instant.
	 * @param since the instant
	 * @return the specification
	 */
	public static Specification<AuditEvent> since(Instant since) {
		return (root, query, cb) -> cb.greaterThanOrEqualTo(root.get("time"), since);
	}

	/**
	 * Rows before an instant.
	 * @param until the instant
	 * @return the specification
	 */
	public static Specification<AuditEvent> until(Instant until) {
		return (root, query, cb) -> cb.lessThan(root.get("time"), until);
	}

	/**
	 * The filters of an {@code mcpaudit} search, all of them.
	 * @param search the search
	 * @return the specification
	 */
	public static Specification<AuditEvent> matching(AuditQuery search) {
		Specification<AuditEvent> all = Specification.unrestricted();
		if (search.principal() != null) {
			all = all.and(principal(search.principal()));
		}
		if (search.tool() != null) {
			all = all.and(tool(search.tool()));
		}
		if (search.outcome() != null) {
			all = all.and(outcome(search.outcome()));
		}
		if (search.since() != null) {
			all = all.and(since(search.since()));
		}
		if (search.until() != null) {
			all = all.and(until(search.until()));
		}
		return all;
	}

}
