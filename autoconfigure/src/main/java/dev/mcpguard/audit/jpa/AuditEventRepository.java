package dev.mcpguard.audit.jpa;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import dev.mcpguard.pipeline.Outcome;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.FluentQuery.FetchableFluentQuery;
import org.springframework.data.rest.core.annotation.RepositoryRestResource;

/**
 * The audit trail as a Spring Data repository, read-only (only finders: no save, update or delete): inject it to
 * page through rows by principal, tool, outcome and time, or combine {@link AuditEventSpecifications} for anything
 * else. Never exported by Spring Data REST: the trail is for the application and the admin-only {@code mcpaudit}
 * endpoint, not for anyone who can reach the application's HTTP port. Sort by {@code time} and
 * {@code seq} (the chain order).
 */
@RepositoryRestResource(exported = false)
public interface AuditEventRepository extends Repository<AuditEvent, String> {

	/**
	 * The rows that match a specification (see {@link AuditEventSpecifications}). Declared here rather than
	 * inherited from {@code JpaSpecificationExecutor}, which would bring its delete and update methods.
	 * @param specification the filter
	 * @param pageable the page and sort
	 * @return the page
	 */
	Page<AuditEvent> findAll(Specification<AuditEvent> specification, Pageable pageable);

	/**
	 * The rows that match a specification, read as the query function asks (sorted, limited, as a list or a
	 * stream) without the count query of a page.
	 * @param <R> the result
	 * @param specification the filter
	 * @param query what to read, for example {@code (rows) -> rows.sortBy(sort).limit(100).all()}
	 * @return the result of the query function
	 */
	<R> R findBy(Specification<AuditEvent> specification, Function<FetchableFluentQuery<AuditEvent>, R> query);

	/**
	 * The number of rows that match a specification.
	 * @param specification the filter
	 * @return the count
	 */
	long count(Specification<AuditEvent> specification);

	/**
	 * One row by id.
	 * @param id the event's id
	 * @return the row, if stored
	 */
	Optional<AuditEvent> findById(String id);


	/**
	 * The rows of one principal.
	 * @param principal the principal
	 * @param pageable the page and sort
	 * @return the page
	 */
	Page<AuditEvent> findByPrincipal(String principal, Pageable pageable);

	/**
	 * The rows of one tool.
	 * @param tool the tool
	 * @param pageable the page and sort
	 * @return the page
	 */
	Page<AuditEvent> findByTool(String tool, Pageable pageable);

	/**
	 * The rows with one outcome.
	 * @param outcome the outcome
	 * @param pageable the page and sort
	 * @return the page
	 */
	Page<AuditEvent> findByOutcome(Outcome outcome, Pageable pageable);

	/**
	 * The rows at or after {@code since} and before {@code until}.
	 * @param since the first instant
	 * @param until the instant after the last
	 * @param pageable the page and sort
	 * @return the page
	 */
	Page<AuditEvent> findByTimeGreaterThanEqualAndTimeLessThan(Instant since, Instant until, Pageable pageable);

	/**
	 * The rows of one principal with one outcome.
	 * @param principal the principal
	 * @param outcome the outcome
	 * @param pageable the page and sort
	 * @return the page
	 */
	Page<AuditEvent> findByPrincipalAndOutcome(String principal, Outcome outcome, Pageable pageable);

	/**
	 * The number of rows.
	 * @return the count
	 */
	long count();

}
