package dev.mcpguard.audit;

import dev.mcpguard.pipeline.AdminAction;
import dev.mcpguard.pipeline.AdminActionListener;
import dev.mcpguard.pipeline.RequestRefusal;
import dev.mcpguard.pipeline.RequestRefusalListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.auth.AuthenticationFailureListener;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolCallListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Records one {@link AuditRecord} per {@code tools/call} outcome and per authentication failure.
 * <p>
 * In {@link Mode#ASYNC} mode the request thread only puts the event (a reference, nothing copied or formatted) on
 * a bounded queue; one background thread redacts, logs and writes the events to the {@link JdbcAuditStore} in
 * batches. When the database fails, the batch goes to the {@link AuditSpool} and so does everything after it,
 * until a retry finds the database back: the spool is then replayed in order, before newer events, and removed.
 * When the queue is full, the request thread writes its event to the spool itself rather than wait or drop it.
 * Stopping (graceful shutdown) writes out everything queued.
 * <p>
 * In {@link Mode#STRICT} mode the event is written before the listener returns, so before the tool result
 * reaches the client: to the database, or, if that fails (or the spool still holds older events), to the spool,
 * forced to disk; the call goes on either way.
 */
public class AuditTrail implements ToolCallListener, AuthenticationFailureListener, AdminActionListener,
		RequestRefusalListener, SmartLifecycle, DisposableBean {

	/** Stops after the web server (which stops at {@code DEFAULT_PHASE - 2048}), so in-flight calls are recorded. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(AuditTrail.class);

	// how long the writer sleeps between looks at the queue while it fills a batch: a tenth of the flush interval
	private static final long MIN_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long MAX_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final JdbcAuditStore store;

	private final AuditSpool spool;

	private final AuditRecordFactory records;

	private final @Nullable AuditLogger auditLogger;

	private final RefusalWindows refusals;

	private final Settings settings;

	private final BlockingQueue<Object> queue;

	private final Object lifecycleMonitor = new Object();

	private final AtomicLong lost = new AtomicLong();

	private final AtomicLong spilled = new AtomicLong();

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile State state = State.NEW;

	private @Nullable Thread writer;

	// nanoTime after which the database is tried again; 0 while it works
	private volatile long retryDatabaseAt;

	private volatile boolean spillWarned;

	/**
	 * Create the trail.
	 * @param store the database store
	 * @param spool the local spool
	 * @param records the factory of redacted records
	 * @param auditLogger the audit log line writer, or {@code null} for no log lines
	 * @param settings the tuning
	 */
	public AuditTrail(JdbcAuditStore store, AuditSpool spool, AuditRecordFactory records, @Nullable AuditLogger auditLogger,
			Settings settings) {
		this.store = store;
		this.spool = spool;
		this.records = records;
		this.auditLogger = auditLogger;
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		this.refusals = new RefusalWindows(settings.refusalWindow());
	}

	@Override
	public void onToolCall(ToolCallEvent event) {
		// An event waits in the queue for up to a flush interval. The MCP exchange it names reaches the whole
		// per-request transport (response stream, SSE builder, buffers): kept that long, all of it survives young
		// collections and is copied by them. The record needs none of it.
		submit(new Captured(event.withExchange(null), MDC.get("traceId")));
	}

	@Override
	public void onAuthenticationFailure(AuthenticationFailure failure) {
		onRequestRefusal(RefusalWindows.of(failure));
	}

	@Override
	public void onAdminAction(AdminAction action) {
		submit(new Captured(action, MDC.get("traceId")));
	}

	@Override
	public void onRequestRefusal(RequestRefusal refusal) {
		for (RequestRefusal record : this.refusals.admit(refusal)) {
			submit(new Captured(record, MDC.get("traceId")));
		}
	}

	private void submit(Captured captured) {
		if (this.settings.mode() == Mode.STRICT || this.state == State.STOPPED) {
			writeNow(List.of(toRecord(captured)));
			return;
		}
		if (!this.queue.offer(captured)) {
			spill(captured);
		}
		else if (this.state == State.STOPPED) {
			// the writer ended between the state check and the offer
			writeLeftovers();
		}
	}

	// Queue full: the caller's thread keeps the event on disk rather than wait or drop it.
	private void spill(Captured captured) {
		if (!this.spillWarned) {
			this.spillWarned = true;
			logger.warn("MCP Guard audit queue is full (" + this.settings.queueCapacity()
					+ " events): events are spooled to " + this.spool.directory() + " until the writer catches up");
		}
		AuditRecord record = toRecord(captured);
		try {
			this.spool.append(List.of(record));
			this.spilled.incrementAndGet();
		}
		catch (RuntimeException ex) {
			this.lost.incrementAndGet();
			logger.error("MCP Guard lost audit event " + record.id() + ": the queue is full and the spool failed", ex);
		}
	}

	/**
	 * Wait until every event recorded before this call is written to the database or the spool.
	 * @param timeout how long to wait at most
	 * @return {@code true} if everything was written in time
	 */
	public boolean flush(Duration timeout) {
		if (this.state != State.RUNNING || this.settings.mode() == Mode.STRICT) {
			return true;
		}
		CountDownLatch done = new CountDownLatch(1);
		try {
			return this.queue.offer(done, timeout.toMillis(), TimeUnit.MILLISECONDS)
					&& done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The number of events the request thread wrote to the spool itself because the queue was full.
	 * @return the count since start
	 */
	public long spilledEvents() {
		return this.spilled.get();
	}

	/**
	 * The number of events that could be written neither to the database nor to the spool.
	 * @return the count since start
	 */
	public long lostEvents() {
		return this.lost.get();
	}

	// ---- writer thread

	private void runWriter() {
		List<Object> batch = new ArrayList<>(this.settings.batchSize());
		long idleMillis = Math.max(1, Math.min(this.settings.retryInterval().toMillis(), 1000));
		while (true) {
			try {
				Object first = this.queue.poll(idleMillis, TimeUnit.MILLISECONDS);
				if (first == null) {
					if (this.state != State.RUNNING && this.queue.isEmpty()) {
						return;
					}
					maintain();
					continue;
				}
				batch.add(first);
				collect(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				batch.clear();
				this.queue.drainTo(batch);
				process(batch);
				return;
			}
			process(batch);
			batch.clear();
			if (this.state != State.RUNNING && this.queue.isEmpty()) {
				return;
			}
		}
	}

	// Waits up to the flush interval for a full batch: fewer, larger transactions. Between looks at the queue it
	// sleeps in short steps instead of waiting on the queue: waiting on it would let every request thread that adds
	// an event wake this thread (a futex call on the request thread, a context switch here), once per tools/call.
	private void collect(List<Object> batch) throws InterruptedException {
		int size = this.settings.batchSize();
		long interval = this.settings.flushInterval().toNanos();
		long deadline = System.nanoTime() + interval;
		long step = Math.max(MIN_STEP_NANOS, Math.min(interval / 10, MAX_STEP_NANOS));
		boolean flushRequested = batch.get(batch.size() - 1) instanceof CountDownLatch;
		while (!flushRequested && batch.size() < size && this.state == State.RUNNING) {
			int before = batch.size();
			this.queue.drainTo(batch, size - before);
			for (int i = before; i < batch.size() && !flushRequested; i++) {
				flushRequested = batch.get(i) instanceof CountDownLatch;
			}
			long remaining = deadline - System.nanoTime();
			if (flushRequested || batch.size() >= size || remaining <= 0) {
				return;
			}
			LockSupport.parkNanos(Math.min(step, remaining));
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
		this.queue.drainTo(batch, Math.max(0, size - batch.size()));
	}

	private void process(List<Object> batch) {
		List<AuditRecord> converted = new ArrayList<>(batch.size());
		List<CountDownLatch> flushes = new ArrayList<>(0);
		for (Object item : batch) {
			if (item instanceof Captured captured) {
				try {
					converted.add(toRecord(captured));
				}
				catch (RuntimeException ex) {
					this.lost.incrementAndGet();
					logger.error("MCP Guard could not build an audit record; the event is lost", ex);
				}
			}
			else if (item instanceof CountDownLatch latch) {
				flushes.add(latch);
			}
		}
		persist(converted);
		flushes.forEach(CountDownLatch::countDown);
	}

	private void persist(List<AuditRecord> batch) {
		// Once a write of this batch has been tried, it may have reached the database: later tries check its ids.
		boolean tried = false;
		while (true) {
			try {
				if (this.spool.hasPending() && databaseDue()) {
					replaySpool();
				}
				if (!batch.isEmpty()) {
					if (!this.spool.hasPending() && databaseDue()) {
						boolean firstTry = !tried;
						tried = true;
						writeToDatabase(batch, firstTry);
					}
					else {
						this.spool.append(batch);
					}
				}
				return;
			}
			catch (DatabaseUnavailableException ex) {
				databaseFailed(ex.getCause());
			}
			catch (RuntimeException ex) {
				// the spool failed too: keep the batch and try both again, unless shutting down for too long
				logger.error("MCP Guard can write audit events neither to the database nor to the spool in "
						+ this.spool.directory() + "; retrying in " + this.settings.retryInterval().toSeconds() + " s", ex);
				if (!pauseBeforeRetry()) {
					this.lost.addAndGet(batch.size());
					logger.error("MCP Guard lost " + batch.size() + " audit events at shutdown");
					return;
				}
				this.retryDatabaseAt = 0;
			}
		}
	}

	private void replaySpool() {
		long replayed = this.spool.replay(this.settings.batchSize(), (records) -> writeToDatabase(records, false));
		if (replayed > 0) {
			logger.info("MCP Guard wrote " + replayed + " spooled audit events to the database");
		}
		this.spillWarned = false;
	}

	private void writeToDatabase(List<AuditRecord> batch, boolean firstTry) {
		try {
			insert(batch, firstTry);
			this.retryDatabaseAt = 0;
		}
		catch (RuntimeException ex) {
			throw new DatabaseUnavailableException(ex);
		}
	}

	// A record the database refuses (not the database being away) must not hold up the others. Only records never
	// offered to the store before skip the look-up of stored ids; the store falls back to it if one is stored.
	private void insert(List<AuditRecord> batch, boolean firstTry) {
		try {
			if (firstTry) {
				this.store.appendNew(batch);
			}
			else {
				this.store.append(batch);
			}
		}
		catch (DataIntegrityViolationException ex) {
			if (batch.size() == 1) {
				logger.error("MCP Guard audit record " + batch.get(0).id() + " is refused by the database; kept in "
						+ this.spool.directory().resolve("rejected.jsonl"), ex);
				this.spool.reject(batch.get(0));
				return;
			}
			for (AuditRecord record : batch) {
				insert(List.of(record), false);
			}
		}
	}

	private boolean databaseDue() {
		return this.retryDatabaseAt == 0 || System.nanoTime() - this.retryDatabaseAt >= 0;
	}

	private void databaseFailed(Throwable cause) {
		if (this.retryDatabaseAt == 0 && logger.isWarnEnabled()) {
			logger.warn("MCP Guard cannot write audit events to the database ("
					+ NestedExceptionUtils.getMostSpecificCause(cause) + "); spooling them to " + this.spool.directory() + " and retrying every "
					+ this.settings.retryInterval().toMillis() + " ms");
		}
		this.retryDatabaseAt = System.nanoTime() + this.settings.retryInterval().toNanos();
		if (this.retryDatabaseAt == 0) {
			this.retryDatabaseAt = 1;
		}
	}

	private boolean pauseBeforeRetry() {
		if (this.state != State.RUNNING) {
			return false;
		}
		try {
			Thread.sleep(this.settings.retryInterval().toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	// Idle: replay the spool when due, and pick up files a stopped process left.
	private void maintain() {
		this.spool.rescan();
		if (this.spool.hasPending() && databaseDue()) {
			try {
				replaySpool();
			}
			catch (DatabaseUnavailableException ex) {
				databaseFailed(ex.getCause());
			}
			catch (RuntimeException ex) {
				logger.error("MCP Guard could not replay the audit spool in " + this.spool.directory(), ex);
			}
		}
	}

	// ---- synchronous path: strict mode, spills and events after stop

	private void writeNow(List<AuditRecord> batch) {
		try {
			if (!this.spool.hasPending() && databaseDue() && tryDatabase()) {
				try {
					insert(batch, true);
					this.retryDatabaseAt = 0;
					return;
				}
				catch (RuntimeException ex) {
					databaseFailed(ex);
				}
				finally {
					this.probing.set(false);
				}
			}
			this.spool.append(batch);
		}
		catch (RuntimeException ex) {
			this.lost.addAndGet(batch.size());
			logger.error("MCP Guard lost " + batch.size() + " audit event(s): neither the database nor the spool took them", ex);
		}
	}

	// While the database is failing, one caller at a time finds out whether it is back; the others spool.
	private boolean tryDatabase() {
		return this.retryDatabaseAt == 0 || this.probing.compareAndSet(false, true);
	}

	private synchronized void writeLeftovers() {
		List<Object> leftovers = new ArrayList<>();
		this.queue.drainTo(leftovers);
		List<AuditRecord> batch = new ArrayList<>(leftovers.size());
		for (Object item : leftovers) {
			if (item instanceof Captured captured) {
				batch.add(toRecord(captured));
			}
			else if (item instanceof CountDownLatch latch) {
				latch.countDown();
			}
		}
		if (!batch.isEmpty()) {
			writeNow(batch);
		}
	}

	private AuditRecord toRecord(Captured captured) {
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

	// ---- lifecycle

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.state != State.NEW) {
				return;
			}
			Thread thread = new Thread(this::runWriter, "mcp-guard-audit");
			thread.setDaemon(true);
			this.writer = thread;
			this.state = State.RUNNING;
			thread.start();
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (this.state != State.RUNNING) {
				return;
			}
			for (RequestRefusal summary : this.refusals.drain()) {
				submit(new Captured(summary, null));
			}
			this.state = State.STOPPING;
			// wakes the writer if it waits for events
			this.queue.offer(new CountDownLatch(1));
			Thread thread = this.writer;
			if (thread != null) {
				try {
					thread.join(this.settings.shutdownTimeout().toMillis());
					if (thread.isAlive()) {
						logger.warn("MCP Guard audit writer did not finish within " + this.settings.shutdownTimeout()
								+ "; interrupting it");
						thread.interrupt();
						thread.join(1000);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.state = State.STOPPED;
			writeLeftovers();
			this.spool.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.state == State.RUNNING;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		stop();
		this.spool.close();
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

	private enum State {

		NEW, RUNNING, STOPPING, STOPPED

	}

	private static final class DatabaseUnavailableException extends RuntimeException {

		DatabaseUnavailableException(RuntimeException cause) {
			super(cause);
		}

	}

}
