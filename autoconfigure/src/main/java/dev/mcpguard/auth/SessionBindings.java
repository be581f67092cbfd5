package dev.mcpguard.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import org.jspecify.annotations.Nullable;

/**
 * Which credential created each MCP session on this instance ({@link CredentialKeys}), and how many live sessions
 * each credential holds. MCP sessions live in one instance's memory (the MCP SDK's design), so the bindings do too.
 * Entries idle for longer than the session idle timeout (the transport's own) are swept, so the maps stay bounded
 * by the live sessions.
 */
public class SessionBindings {

	private static final int SWEEP_EVERY = 1024;

	private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> byOwner = new ConcurrentHashMap<>();

	private final Map<AsyncContext, String> streams = new ConcurrentHashMap<>();

	private final AtomicInteger bindsSinceSweep = new AtomicInteger();

	private final long idleNanos;

	private final LongSupplier ticker;

	/**
	 * Create the registry.
	 * @param idleTimeout how long an unused binding is kept, the transport's session idle timeout
	 */
	public SessionBindings(Duration idleTimeout) {
		this(idleTimeout, System::nanoTime);
	}

	SessionBindings(Duration idleTimeout, LongSupplier ticker) {
		this.idleNanos = idleTimeout.toNanos();
		this.ticker = ticker;
	}

	/**
	 * Record the credential that created a session.
	 * @param sessionId the new session id
	 * @param owner the credential key
	 */
	public void bind(String sessionId, String owner) {
		Binding previous = this.bindings.put(sessionId, new Binding(owner, this.ticker.getAsLong()));
		if (previous != null) {
			forget(sessionId, previous.owner);
		}
		this.byOwner.computeIfAbsent(owner, (key) -> ConcurrentHashMap.newKeySet()).add(sessionId);
		if (this.bindsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
			this.bindsSinceSweep.set(0);
			sweep(this.ticker.getAsLong());
		}
	}

	/**
	 * The credential that created a session, marking the session as used.
	 * @param sessionId the session id
	 * @return the credential key, or {@code null} for a session this instance did not bind
	 */
	public @Nullable String owner(String sessionId) {
		Binding binding = this.bindings.get(sessionId);
		if (binding == null) {
			return null;
		}
		binding.lastUsed = this.ticker.getAsLong();
		return binding.owner;
	}

	/**
	 * Forget a session (closed by its client).
	 * @param sessionId the session id
	 */
	public void unbind(String sessionId) {
		Binding binding = this.bindings.remove(sessionId);
		if (binding != null) {
			forget(sessionId, binding.owner);
		}
	}

	/**
	 * The live sessions of a credential; its idle ones are forgotten on the way.
	 * @param owner the credential key
	 * @return the number of live sessions, and when the first of them goes idle
	 */
	public OpenSessions openSessions(String owner) {
		Set<String> sessions = this.byOwner.get(owner);
		if (sessions == null) {
			return new OpenSessions(0, 0);
		}
		long now = this.ticker.getAsLong();
		int open = 0;
		long firstIdleIn = Long.MAX_VALUE;
		for (String sessionId : sessions) {
			Binding binding = this.bindings.get(sessionId);
			long idleIn = (binding != null) ? binding.lastUsed + this.idleNanos - now : -1;
			if (idleIn < 0) {
				unbind(sessionId);
				sessions.remove(sessionId);
				continue;
			}
			open++;
			firstIdleIn = Math.min(firstIdleIn, idleIn);
		}
		return new OpenSessions(open, (open > 0) ? ceilSeconds(firstIdleIn) : 0);
	}

	/**
	 * Remember an open stream (a GET of a session, kept open for server messages) of a credential, until it ends.
	 * @param owner the credential key
	 * @param stream the stream's asynchronous context
	 */
	public void trackStream(String owner, AsyncContext stream) {
		this.streams.put(stream, owner);
		stream.addListener(new AsyncListener() {
			@Override
			public void onComplete(AsyncEvent event) {
				SessionBindings.this.streams.remove(stream);
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				SessionBindings.this.streams.remove(stream);
			}

			@Override
			public void onError(AsyncEvent event) {
				SessionBindings.this.streams.remove(stream);
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}
		});
	}

	/**
	 * End the open streams of the credentials that may no longer be used (revoked), and forget their sessions, so
	 * no further server message reaches a revoked credential.
	 * @param revoked whether a credential key is revoked
	 * @return how many streams were ended
	 */
	public int closeStreamsOf(Predicate<String> revoked) {
		int closed = 0;
		for (Map.Entry<AsyncContext, String> stream : this.streams.entrySet()) {
			if (revoked.test(stream.getValue()) && this.streams.remove(stream.getKey()) != null) {
				try {
					stream.getKey().complete();
				}
				catch (IllegalStateException ex) {
					// already completed by the container
				}
				closed++;
			}
		}
		for (String owner : Set.copyOf(this.byOwner.keySet())) {
			if (revoked.test(owner)) {
				Set<String> sessions = this.byOwner.remove(owner);
				if (sessions != null) {
					sessions.forEach(this.bindings::remove);
				}
			}
		}
		return closed;
	}

	/**
	 * The number of bound sessions.
	 * @return the size
	 */
	public int size() {
		return this.bindings.size();
	}

	void sweep(long now) {
		this.bindings.entrySet().removeIf((entry) -> {
			boolean idle = now - entry.getValue().lastUsed > this.idleNanos;
			if (idle) {
				forget(entry.getKey(), entry.getValue().owner);
			}
			return idle;
		});
	}

	private void forget(String sessionId, String owner) {
		this.byOwner.computeIfPresent(owner, (key, sessions) -> {
			sessions.remove(sessionId);
			return sessions.isEmpty() ? null : sessions;
		});
	}

	private static long ceilSeconds(long nanos) {
		return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
	}

	/**
	 * The live sessions of one credential.
	 *
	 * @param count how many
	 * @param secondsUntilOneIsIdle whole seconds until the first of them goes idle (and frees a place), {@code 0}
	 * without sessions
	 */
	public record OpenSessions(int count, long secondsUntilOneIsIdle) {
	}

	private static final class Binding {

		private final String owner;

		private volatile long lastUsed;

		private Binding(String owner, long lastUsed) {
			this.owner = owner;
			this.lastUsed = lastUsed;
		}

	}

}
