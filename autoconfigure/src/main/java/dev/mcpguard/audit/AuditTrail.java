package dev.mcpguard.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.auth.AuthenticationFailureListener;
import dev.mcpguard.pipeline.AdminAction;
import dev.mcpguard.pipeline.AdminActionListener;
import dev.mcpguard.pipeline.RequestRefusal;
import dev.mcpguard.pipeline.RequestRefusalListener;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolCallListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Records one {@link AuditRecord} per {@code tools/call} outcome, per refused request and authentication failure
 * (folded per client address, {@link RefusalWindows}) and per administrative action, and hands it to every
 * {@link AuditSink}: the database with its spool failover ({@link FailoverAuditSink}) first, then the application's.
 * <p>
 * In {@link Mode#ASYNC} mode the request thread only puts the event (a reference, nothing copied or formatted) on
 * the {@link AuditBatchWriter}'s bounded queue; its background thread redacts, logs and writes the events in
 * batches. Stopping (graceful shutdown) writes out everything queued. In {@link Mode#STRICT} mode the event is
 * written before the listener returns, so before the tool result reaches the client: to the database, or, if that
 * fails (or the spool still holds older events), to the spool, forced to disk; the call goes on either way.
 */
public class AuditTrail implements ToolCallListener, AuthenticationFailureListener, AdminActionListener,
		RequestRefusalListener, SmartLifecycle, DisposableBean {

	/** Stops after the web server (which stops at {@code DEFAULT_PHASE - 2048}), so in-flight calls are recorded. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final AuditRecordFactory records;

	private final @Nullable AuditLogger auditLogger;

	private final RefusalWindows refusals;

	private final AuditCounters counters = new AuditCounters();

	private final FailoverAuditSink durable;

	private final AuditBatchWriter writer;

	private final Executor executor;

	/**
	 * Create the trail with no other sink than the database and its spool, on a thread of its own.
	 * @param store the database store
	 * @param spool the local spool
	 * @param records the factory of redacted records
	 * @param auditLogger the audit log line writer, or {@code null} for no log lines
	 * @param settings the tuning
	 */
	public AuditTrail(JdbcAuditStore store, AuditSpool spool, AuditRecordFactory records, @Nullable AuditLogger auditLogger,
			Settings settings) {
		this(store, spool, records, auditLogger, settings, List.of(), defaultExecutor());
	}

	/**
	 * Create the trail.
	 * @param store the database store
	 * @param spool the local spool
	 * @param records the factory of redacted records
	 * @param auditLogger the audit log line writer, or {@code null} for no log lines
	 * @param settings the tuning
	 * @param sinks the application's sinks, which receive every record after the database (or the spool)
	 * @param executor runs the writer thread for as long as the trail runs
	 */
	public AuditTrail(JdbcAuditStore store, AuditSpool spool, AuditRecordFactory records, @Nullable AuditLogger auditLogger,
			Settings settings, List<AuditSink> sinks, Executor executor) {
		this.records = records;
		this.auditLogger = auditLogger;
		this.refusals = new RefusalWindows(settings.refusalWindow());
		this.durable = new FailoverAuditSink(store, spool, settings.retryInterval(), settings.batchSize(), this.counters);
		this.writer = new AuditBatchWriter(new AuditSinks(this.durable, sinks, this.counters, settings.queueCapacity()),
				this::toRecord, settings);
		this.executor = executor;
	}

	private static Executor defaultExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("mcp-guard-audit-");
		executor.setDaemon(true);
		return executor;
	}

	@Override
	public void onToolCall(ToolCallEvent event) {
		// An event waits in the queue for up to a flush interval. The MCP exchange it names reaches the whole
		// per-request transport (response stream, SSE builder, buffers): kept that long, all of it survives young
		// collections and is copied by them. The record needs none of it.
		this.writer.submit(new Captured(event.withExchange(null), MDC.get("traceId")));
	}

	@Override
	public void onAuthenticationFailure(AuthenticationFailure failure) {
		onRequestRefusal(RefusalWindows.of(failure));
	}

	@Override
	public void onAdminAction(AdminAction action) {
		this.writer.submit(new Captured(action, MDC.get("traceId")));
	}

	@Override
	public void onRequestRefusal(RequestRefusal refusal) {
		for (RequestRefusal record : this.refusals.admit(refusal)) {
			this.writer.submit(new Captured(record, MDC.get("traceId")));
		}
	}

	/**
	 * Wait until every event recorded before this call is written to the database or the spool.
	 * @param timeout how long to wait at most
	 * @return {@code true} if everything was written in time
	 */
	public boolean flush(Duration timeout) {
		return this.writer.flush(timeout);
	}

	/**
	 * The number of events the request thread wrote to the spool itself because the queue was full.
	 * @return the count since start
	 */
	public long spilledEvents() {
		return this.counters.spilled();
	}

	/**
	 * The number of events that could be written neither to the database nor to the spool.
	 * @return the count since start
	 */
	public long lostEvents() {
		return this.counters.lost();
	}

	/**
	 * What happened to the records since start.
	 * @return the live counters
	 */
	public AuditCounters counters() {
		return this.counters;
	}

	/**
	 * The number of events waiting in the queue for the writer.
	 * @return the queue depth now
	 */
	public int queuedEvents() {
		return this.writer.queued();
	}

	/**
	 * Whether records wait in the local spool for the database (it failed, or the queue overflowed).
	 * @return {@code true} while spooling or replaying
	 */
	public boolean spooling() {
		return this.durable.spooling();
	}

	/**
	 * Be told of every batch the writer thread writes (for the meters).
	 * @param observer told the number of records and the nanoseconds writing them took
	 */
	public void observeBatches(AuditBatchObserver observer) {
		this.writer.observe(observer);
	}

	private AuditRecord toRecord(Object item) {
		Captured captured = (Captured) item;
		Object event = captured.event();
		AuditRecord record;
		if (event instanceof ToolCallEvent call) {
			record = this.records.toolCall(call, captured.traceId());
		}
		else if (event instanceof AdminAction action) {
			record = this.records.adminAction(action, captured.traceId());
		}
		else if (event instanceof RequestRefusal refusal) {
			record = this.records.refusal(refusal, captured.traceId());
		}
		else {
			record = this.records.authenticationFailure((AuthenticationFailure) event, captured.traceId());
		}
		if (this.auditLogger != null) {
			this.auditLogger.log(record);
		}
		return record;
	}

	@Override
	public void start() {
		this.writer.start(this.executor);
	}

	@Override
	public void stop() {
		if (this.writer.isRunning()) {
			for (RequestRefusal summary : this.refusals.drain()) {
				this.writer.submit(new Captured(summary, null));
			}
		}
		this.writer.stop();
	}

	@Override
	public boolean isRunning() {
		return this.writer.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		stop();
		this.durable.close();
	}

	/**
	 * How the audit trail writes.
	 */
	public enum Mode {

		/** Batched on a background thread; the call never waits for the database. */
		ASYNC,

		/** Written (to the database, or the spool) before the tool result returns. */
		STRICT

	}

	/**
	 * Tuning of the writer.
	 *
	 * @param mode how events are written
	 * @param queueCapacity events held in memory before the request thread spools them itself
	 * @param batchSize the largest number of events per database transaction
	 * @param flushInterval how long the writer waits for a batch to fill
	 * @param retryInterval how long the writer waits before trying a failed database again
	 * @param shutdownTimeout how long stopping waits for the queue to be written
	 * @param refusalWindow per client address and kind of refusal, the window whose refusals after the first are
	 * folded into one summary row
	 */
	public record Settings(Mode mode, int queueCapacity, int batchSize, Duration flushInterval, Duration retryInterval,
			Duration shutdownTimeout, Duration refusalWindow) {

		public Settings {
			if (queueCapacity < 1 || batchSize < 1) {
				throw new IllegalArgumentException("queue capacity and batch size must be positive");
			}
		}

		/**
		 * Settings with refusals folded per minute.
		 * @param mode when events are written
		 * @param queueCapacity events that can wait for the writer
		 * @param batchSize events per database batch
		 * @param flushInterval the longest an event waits for its batch
		 * @param retryInterval how long to wait before trying the database again after a failure
		 * @param shutdownTimeout how long stopping waits for the queue to be written
		 */
		public Settings(Mode mode, int queueCapacity, int batchSize, Duration flushInterval, Duration retryInterval,
				Duration shutdownTimeout) {
			this(mode, queueCapacity, batchSize, flushInterval, retryInterval, shutdownTimeout, Duration.ofMinutes(1));
		}

	}

	private record Captured(Object event, @Nullable String traceId) {
	}

}
