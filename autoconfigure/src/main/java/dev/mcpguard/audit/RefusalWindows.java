package dev.mcpguard.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.RequestRefusal;

/**
 * Keeps a flood of refusals from flooding the audit trail: per client address and kind of refusal, the first one
 * of a window is recorded as it is, the others of that window are counted and recorded as one summary when the
 * window has passed (found at the next refusal of any kind, or at shutdown). Nothing is lost, only folded. Failed
 * authentications are folded the same way ({@link #of(AuthenticationFailure)}); a zero window records each one.
 */
final class RefusalWindows {

	private static final int MAX_WINDOWS = 10_000;

	private final Duration window;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private volatile Instant nextSweep = Instant.MIN;

	RefusalWindows(Duration window) {
		this.window = window;
	}

	/**
	 * Take a refusal in.
	 * @param refusal the refusal
	 * @return what to record now: summaries of windows that have passed, then the refusal if it opens a window
	 */
	List<RequestRefusal> admit(RequestRefusal refusal) {
		if (this.window.isZero() || this.window.isNegative()) {
			// No folding; refusals of concurrent requests may also come in out of their time order.
			return List.of(refusal);
		}
		List<RequestRefusal> records = new ArrayList<>(1);
		Instant now = refusal.time();
		if (!now.isBefore(this.nextSweep) || this.windows.size() > MAX_WINDOWS) {
			this.nextSweep = now.plus(this.window);
			sweep(now, records);
		}
		String key = refusal.clientIp() + " " + refusal.kind();
		boolean[] opened = { false };
		this.windows.compute(key, (k, current) -> {
			if (current == null || !now.isBefore(current.end)) {
				if (current != null && current.suppressed > 0) {
					records.add(current.summary());
				}
				opened[0] = true;
				return new Window(refusal, now.plus(this.window));
			}
			current.suppressed++;
			current.last = now;
			return current;
		});
		if (opened[0]) {
			records.add(refusal);
		}
		return records;
	}

	/**
	 * A failed authentication as a refusal of kind {@code authentication-<reason>}, so that a flood of 401s (a
	 * client without credentials in a loop, a password sprayer) is folded like any other refusal.
	 * @param failure the failure
	 * @return the refusal, with the failure's outcome and message
	 */
	static RequestRefusal of(AuthenticationFailure failure) {
		return new RequestRefusal(failure.timestamp(), failure.clientIp(), null, failure.sessionId(),
				"authentication-" + failure.reason(), Outcome.UNAUTHENTICATED,
				"Authentication failed (" + failure.reason() + "): " + failure.httpMethod() + " " + failure.path(), 1);
	}

	/**
	 * Summaries of every window still holding refusals, at shutdown.
	 * @return the summaries
	 */
	List<RequestRefusal> drain() {
		List<RequestRefusal> records = new ArrayList<>();
		sweep(Instant.MAX, records);
		return records;
	}

	private void sweep(Instant now, List<RequestRefusal> records) {
		for (Iterator<Map.Entry<String, Window>> it = this.windows.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Window> entry = it.next();
			if (!now.isBefore(entry.getValue().end) && this.windows.remove(entry.getKey(), entry.getValue())
					&& entry.getValue().suppressed > 0) {
				records.add(entry.getValue().summary());
			}
		}
	}

	private static final class Window {

		private final RequestRefusal first;

		private final Instant end;

		private int suppressed;

		private Instant last;

		Window(RequestRefusal first, Instant end) {
			this.first = first;
			this.end = end;
			this.last = first.time();
		}

		RequestRefusal summary() {
			return new RequestRefusal(this.last, this.first.clientIp(), this.first.principal(), null, this.first.kind(),
					this.first.outcome(), this.suppressed + " more " + this.first.kind() + " refusal(s) from "
							+ this.first.clientIp() + " since " + this.first.time() + ": " + this.first.message(),
					this.suppressed);
		}

	}

}
