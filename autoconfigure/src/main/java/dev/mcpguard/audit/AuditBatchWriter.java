package dev.mcpguard.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The queue between the threads recording events and the {@link AuditSinks}, and the one thread (from the executor
 * it is started with) that turns queued events into records and writes them in batches. A request thread only puts
 * a reference on the bounded queue; when the queue is full it writes its record to the spool itself rather than
 * wait or drop it. Stopping writes out everything queued; events recorded after that are written at once.
 */
final class AuditBatchWriter {

	private static final Log logger = LogFactory.getLog(AuditBatchWriter.class);

	// how long the writer sleeps between looks at the queue while it fills a batch: a tenth of the flush interval
	private static final long MIN_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long MAX_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final AuditSinks sinks;

	private final Function<Object, AuditRecord> records;

	private final AuditTrail.Settings settings;

	private final BlockingQueue<Object> queue;

	private final CountDownLatch finished = new CountDownLatch(1);

	private final Object lifecycleMonitor = new Object();

	private volatile State state = State.NEW;

	private volatile @Nullable Thread thread;

	private volatile @Nullable AuditBatchObserver observer;

	AuditBatchWriter(AuditSinks sinks, Function<Object, AuditRecord> records, AuditTrail.Settings settings) {
		this.sinks = sinks;
		this.records = records;
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
	}

	void submit(Object event) {
		if (this.settings.mode() == AuditTrail.Mode.STRICT || this.state == State.STOPPED) {
			this.sinks.writeNow(List.of(this.records.apply(event)));
			return;
		}
		if (!this.queue.offer(event)) {
			this.sinks.spill(this.records.apply(event));
		}
		else if (this.state == State.STOPPED) {
			// the writer ended between the state check and the offer
			writeLeftovers();
		}
	}

	boolean flush(Duration timeout) {
		if (this.state != State.RUNNING || this.settings.mode() == AuditTrail.Mode.STRICT) {
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

	int queued() {
		return this.queue.size();
	}

	void observe(AuditBatchObserver observer) {
		this.observer = observer;
	}

	void start(Executor executor) {
		synchronized (this.lifecycleMonitor) {
			if (this.state != State.NEW) {
				return;
			}
			this.state = State.RUNNING;
			executor.execute(this::run);
		}
	}

	void stop() {
		synchronized (this.lifecycleMonitor) {
			if (this.state != State.RUNNING) {
				return;
			}
			this.state = State.STOPPING;
			this.sinks.shutDown();
			// wakes the writer if it waits for events
			this.queue.offer(new CountDownLatch(1));
			try {
				if (!this.finished.await(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("MCP Guard audit writer did not finish within " + this.settings.shutdownTimeout()
							+ "; interrupting it");
					Thread writer = this.thread;
					if (writer != null) {
						writer.interrupt();
					}
					this.finished.await(1, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.state = State.STOPPED;
			writeLeftovers();
			this.sinks.close();
		}
	}

	boolean isRunning() {
		return this.state == State.RUNNING;
	}

	private void run() {
		this.thread = Thread.currentThread();
		try {
			loop();
		}
		finally {
			this.thread = null;
			this.finished.countDown();
		}
	}

	private void loop() {
		List<Object> batch = new ArrayList<>(this.settings.batchSize());
		long idleMillis = Math.max(1, Math.min(this.settings.retryInterval().toMillis(), 1000));
		while (true) {
			try {
				Object first = this.queue.poll(idleMillis, TimeUnit.MILLISECONDS);
				if (first == null) {
					if (this.state != State.RUNNING && this.queue.isEmpty()) {
						return;
					}
					this.sinks.idle();
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
		List<CountDownLatch> flushes = new ArrayList<>(0);
		List<AuditRecord> converted = convert(batch, flushes);
		long start = System.nanoTime();
		this.sinks.write(converted);
		AuditBatchObserver observer = this.observer;
		if (observer != null && !converted.isEmpty()) {
			observer.written(converted.size(), System.nanoTime() - start);
		}
		flushes.forEach(CountDownLatch::countDown);
	}

	private synchronized void writeLeftovers() {
		List<Object> leftovers = new ArrayList<>();
		this.queue.drainTo(leftovers);
		List<CountDownLatch> flushes = new ArrayList<>(0);
		List<AuditRecord> batch = convert(leftovers, flushes);
		flushes.forEach(CountDownLatch::countDown);
		if (!batch.isEmpty()) {
			this.sinks.writeNow(batch);
		}
	}

	// One event that cannot become a record is counted as lost and holds up none of the others.
	private List<AuditRecord> convert(List<Object> items, List<CountDownLatch> flushes) {
		List<AuditRecord> converted = new ArrayList<>(items.size());
		for (Object item : items) {
			if (item instanceof CountDownLatch latch) {
				flushes.add(latch);
			}
			else {
				try {
					converted.add(this.records.apply(item));
				}
				catch (RuntimeException ex) {
					this.sinks.lost(1);
					logger.error("MCP Guard could not build an audit record; the event is lost", ex);
				}
			}
		}
		return converted;
	}

	private enum State {

		NEW, RUNNING, STOPPING, STOPPED

	}

}
