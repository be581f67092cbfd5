package dev.mcpguard.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Which principal created each MCP session on this instance. MCP sessions live in one instance's memory (the MCP
 * SDK's design), so the bindings do too. Entries idle for longer than the session idle timeout are swept, so the
 * map stays bounded by the live sessions.
 */
public class SessionBindings {

	private static final int SWEEP_EVERY = 1024;

	private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

	private final AtomicInteger bindsSinceSweep = new AtomicInteger();

	private final long idleNanos;

	/**
	 * Create the registry.
	 * @param idleTimeout how long an unused binding is kept, the transport's session idle timeout
	 */
	public SessionBindings(Duration idleTimeout) {
		this.idleNanos = idleTimeout.toNanos();
	}

	/**
	 * Record the principal that created a session.
	 * @param sessionId the new session id
	 * @param principal the principal name
	 */
	public void bind(String sessionId, String principal) {
		this.bindings.put(sessionId, new Binding(principal, System.nanoTime()));
		if (this.bindsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
			this.bindsSinceSweep.set(0);
			sweep(System.nanoTime());
		}
	}

	/**
	 * The owner of a session, touching it.
	 * @param sessionId the session id
	 * @return the principal that created it, or {@code null} if unknown here
	 */
	public @Nullable String owner(String sessionId) {
		Binding binding = this.bindings.get(sessionId);
		if (binding == null) {
			return null;
		}
		binding.lastUsed = System.nanoTime();
		return binding.principal;
	}

	/**
	 * Forget a session (deleted by its owner).
	 * @param sessionId the session id
	 */
	public void unbind(String sessionId) {
		this.bindings.remove(sessionId);
	}

	/**
	 * The number of bound sessions.
	 * @return the size
	 */
	public int size() {
		return this.bindings.size();
	}

	void sweep(long now) {
		this.bindings.values().removeIf((binding) -> now - binding.lastUsed > this.idleNanos);
	}

	private static final class Binding {

		private final String principal;

		private volatile long lastUsed;

		private Binding(String principal, long lastUsed) {
			this.principal = principal;
			this.lastUsed = lastUsed;
		}

	}

}
