package dev.mcpguard.pipeline;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;

/**
 * Tells each of a list of listeners of an event, so that a failing listener is logged and stops neither the
 * others nor the request. (The tools/call path has its own allocation-free loop in {@link GuardPipeline}.)
 */
public final class Listeners {

	private Listeners() {
	}

	/**
	 * Call every listener.
	 * @param <L> the listener type
	 * @param listeners the listeners, in order
	 * @param call what to call on each
	 * @param logger where a failure is logged
	 * @param kind what kind of listener, for the log line (for example {@code "Admin action listener"})
	 */
	public static <L> void notifyEach(List<L> listeners, Consumer<L> call, Log logger, String kind) {
		for (L listener : listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.error(kind + " " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
