package dev.mcpguard.audit;

import java.time.Instant;

import dev.mcpguard.pipeline.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * A search of the audit trail: every filter is optional; results come newest first.
 *
 * @param principal only this principal's events
 * @param tool only calls of this tool
 * @param outcome only events with this outcome
 * @param since only events at or after this instant
 * @param until only events before this instant
 * @param limit the maximum number of events
 */
public record AuditQuery(@Nullable String principal, @Nullable String tool, @Nullable Outcome outcome,
		@Nullable Instant since, @Nullable Instant until, int limit) {

	/** Largest {@link #limit()} accepted. */
	public static final int MAX_LIMIT = 1000;

	public AuditQuery {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
		}
	}

}
