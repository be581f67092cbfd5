package dev.mcpguard.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * One background thread that keeps each instance's view of shared state (revocations, tool state) fresh and
 * writes back what may lag (token last-use times), so no request thread waits for the database.
 */
public class ClusterSync implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ClusterSync.class);

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "mcp-guard-sync");
		thread.setDaemon(true);
		return thread;
	});

	private final Duration interval;

	/**
	 * Create the synchroniser.
	 * @param interval how often each task runs
	 */
	public ClusterSync(Duration interval) {
		this.interval = interval;
	}

	/**
	 * Run a task now and then every interval; a failing run is logged and retried at the next interval.
	 * @param name what the task does, for the log
	 * @param task the task
	 */
	public void schedule(String name, Runnable task) {
		schedule(name, task, this.interval);
	}

	/**
	 * Run a task now and then every given interval; a failing run is logged and retried at the next interval.
	 * @param name what the task does, for the log
	 * @param task the task
	 * @param every the interval of this task
	 */
	public void schedule(String name, Runnable task, Duration every) {
		long millis = every.toMillis();
		this.executor.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.warn("MCP Guard could not " + name + " (retrying in " + every.toSeconds() + " s): " + ex.getMessage());
			}
		}, 0, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * The interval between runs.
	 * @return the interval
	 */
	public Duration getInterval() {
		return this.interval;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
