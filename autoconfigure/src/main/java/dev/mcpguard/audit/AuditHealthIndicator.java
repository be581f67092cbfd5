package dev.mcpguard.audit;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the audit trail ({@code mcpAudit}): {@code UP} while records reach the database; {@link #DEGRADED}
 * while they wait in the local spool (the database is away, or the spool is being replayed) or the queue is more
 * than half full, or once the database refused a record (kept in the spool's {@code rejected.jsonl}, to look at;
 * reported until the instance restarts); {@code DOWN} once a record was lost (written neither to the database nor to the spool): an audit
 * gap an operator must look at, which stays reported until the instance restarts.
 * <p>
 * {@code DEGRADED} is not in Spring Boot's default status order, so it leaves the aggregate health as it is: list
 * it in {@code management.endpoint.health.status.order} to have it count.
 */
public class AuditHealthIndicator extends AbstractHealthIndicator {

	/** The trail works, but records wait in the spool or the queue. */
	public static final Status DEGRADED = new Status("DEGRADED", "Audit records wait in the spool or the queue");

	private final AuditTrail trail;

	private final int queueCapacity;

	/**
	 * Create the indicator.
	 * @param trail the trail
	 * @param queueCapacity the capacity of the trail's queue
	 */
	public AuditHealthIndicator(AuditTrail trail, int queueCapacity) {
		super("MCP Guard audit health check failed");
		this.trail = trail;
		this.queueCapacity = queueCapacity;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		AuditCounters counters = this.trail.counters();
		int queued = this.trail.queuedEvents();
		boolean spooling = this.trail.spooling();
		if (counters.lost() > 0) {
			builder.down();
		}
		else if (spooling || queued * 2 > this.queueCapacity || counters.rejected() > 0) {
			builder.status(DEGRADED);
		}
		else {
			builder.up();
		}
		builder.withDetail("queued", queued)
			.withDetail("queueCapacity", this.queueCapacity)
			.withDetail("spooling", spooling)
			.withDetail("written", counters.written())
			.withDetail("rejected", counters.rejected())
			.withDetail("spooled", counters.spooled())
			.withDetail("replayed", counters.replayed())
			.withDetail("spilled", counters.spilled())
			.withDetail("lost", counters.lost())
			.withDetail("sinkFailures", counters.sinkFailures());
	}

}
