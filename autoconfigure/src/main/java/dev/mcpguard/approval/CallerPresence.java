package dev.mcpguard.approval;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.modelcontextprotocol.server.McpSyncServerExchange;

/**
 * Whether the caller of a call waiting for an approval decision is still there: every interval it is sent an MCP
 * {@code ping} on the call's own stream, and a caller that does not answer (it closed its connection or its
 * session) has left, so that its wait ends and frees its place among the waiters. Between pings it counts as
 * present.
 */
final class CallerPresence implements BooleanSupplier {

	private final McpSyncServerExchange exchange;

	private final long intervalNanos;

	private long nextPing;

	CallerPresence(McpSyncServerExchange exchange, Duration interval) {
		this.exchange = exchange;
		this.intervalNanos = interval.toNanos();
		this.nextPing = System.nanoTime() + this.intervalNanos;
	}

	@Override
	public boolean getAsBoolean() {
		if (System.nanoTime() - this.nextPing < 0) {
			return true;
		}
		try {
			this.exchange.ping();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
		finally {
			this.nextPing = System.nanoTime() + this.intervalNanos;
		}
	}

}
