package dev.mcpguard.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A task run at a fixed delay on a single-thread scheduler made for each start (the retention purge, the signed
 * checkpoints). Stopping interrupts a run in progress; a zero or negative interval never runs it.
 */
final class PeriodicTask {

	private final Supplier<ThreadPoolTaskScheduler> schedulers;

	private final Runnable task;

	private final Duration interval;

	private @Nullable ThreadPoolTaskScheduler scheduler;

	PeriodicTask(Supplier<ThreadPoolTaskScheduler> schedulers, Runnable task, Duration interval) {
		this.schedulers = schedulers;
		this.task = task;
		this.interval = interval;
	}

	synchronized void start(Instant firstRun) {
		if (this.scheduler != null || this.interval.isZero() || this.interval.isNegative()) {
			return;
		}
		ThreadPoolTaskScheduler started = this.schedulers.get();
		started.setWaitForTasksToCompleteOnShutdown(false);
		started.initialize();
		started.scheduleWithFixedDelay(this.task, firstRun, this.interval);
		this.scheduler = started;
	}

	/**
	 * Stop the runs.
	 * @return whether it was running
	 */
	synchronized boolean stop() {
		if (this.scheduler == null) {
			return false;
		}
		this.scheduler.shutdown();
		this.scheduler = null;
		return true;
	}

	synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
