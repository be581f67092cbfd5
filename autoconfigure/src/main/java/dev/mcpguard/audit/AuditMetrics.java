package dev.mcpguard.audit;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the audit trail: {@code mcp.guard.audit.queue.depth} (events waiting for the writer),
 * {@code mcp.guard.audit.batch.size} and {@code mcp.guard.audit.write} (records per batch the writer wrote, and how
 * long writing it to every sink took), and counters of records {@code mcp.guard.audit.written},
 * {@code .spooled}, {@code .replayed}, {@code .spilled}, {@code .lost} and of failed batches of application sinks
 * {@code mcp.guard.audit.sink.failures}. Alert on {@code mcp.guard.audit.lost} above zero (in Prometheus
 * {@code mcp_guard_audit_lost_total}).
 */
public class AuditMetrics implements MeterBinder {

	private final AuditTrail trail;

	/**
	 * Create the meters of a trail.
	 * @param trail the trail
	 */
	public AuditMetrics(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("mcp.guard.audit.queue.depth", this.trail, AuditTrail::queuedEvents)
			.description("Audit events waiting for the writer")
			.register(registry);
		counter(registry, "written", "Audit records written to the database", AuditCounters::written);
		counter(registry, "rejected", "Audit records the database refused, kept in the spool's rejected.jsonl", AuditCounters::rejected);
		counter(registry, "spooled", "Audit records written to the local spool instead of the database", AuditCounters::spooled);
		counter(registry, "replayed", "Audit records replayed from the spool into the database", AuditCounters::replayed);
		counter(registry, "spilled", "Audit records a request thread spooled because the queue was full", AuditCounters::spilled);
		counter(registry, "lost", "Audit records written neither to the database nor to the spool", AuditCounters::lost);
		counter(registry, "sink.failures", "Audit batches an application's sink failed to take", AuditCounters::sinkFailures);
		DistributionSummary batchSize = DistributionSummary.builder("mcp.guard.audit.batch.size")
			.description("Audit records per batch written")
			.baseUnit("records")
			.register(registry);
		Timer write = Timer.builder("mcp.guard.audit.write")
			.description("Time to write one audit batch to every sink")
			.register(registry);
		this.trail.observeBatches((records, nanos) -> {
			batchSize.record(records);
			write.record(nanos, TimeUnit.NANOSECONDS);
		});
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<AuditCounters> count) {
		FunctionCounter.builder("mcp.guard.audit." + name, this.trail.counters(), count)
			.description(description)
			.register(registry);
	}

}
