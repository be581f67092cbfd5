package dev.mcpguard.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpError;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one interception chain every {@code tools/call} passes: the {@link ToolCallGuard} stages in order, then the
 * tool, then one {@link ToolCallEvent} to every {@link ToolCallListener}. A tool that fails answers its caller with
 * a text written for callers, never with the internals of its exception ({@link ToolErrorText}). It also answers which tools a caller may
 * see in {@code tools/list}, from the same stages.
 */
public class GuardPipeline {

	private static final Log logger = LogFactory.getLog(GuardPipeline.class);

	private final ToolCallGuard[] guards;

	private final ToolCallListener[] listeners;

	/**
	 * Create a pipeline.
	 * @param guards the stages, already sorted by order
	 * @param listeners the outcome listeners
	 */
	public GuardPipeline(List<ToolCallGuard> guards, List<ToolCallListener> listeners) {
		this.guards = guards.toArray(ToolCallGuard[]::new);
		this.listeners = listeners.toArray(ToolCallListener[]::new);
	}

	/**
	 * Run one call through the stages and, if none refuses, through the tool.
	 * @param tool the called tool
	 * @param caller the authenticated caller
	 * @param exchange the MCP exchange ({@code null} outside a server, in tests)
	 * @param request the call request
	 * @param delegate the tool's own handler
	 * @return the tool result, or an {@code isError} result saying why the call was refused
	 */
	public CallToolResult call(ToolDescriptor tool, Caller caller, @Nullable McpSyncServerExchange exchange,
			CallToolRequest request, BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> delegate) {
		long start = System.nanoTime();
		Instant timestamp = Instant.now();
		Map<String, Object> arguments = (request.arguments() != null) ? request.arguments() : Map.of();
		ToolInvocation invocation = new ToolInvocation(tool, arguments, caller,
				(exchange != null) ? exchange.sessionId() : null, exchange);
		for (ToolCallGuard guard : this.guards) {
			if (guard.check(invocation) instanceof GuardDecision.Refusal refusal) {
				publish(new ToolCallEvent(timestamp, invocation, refusal.outcome(), refusal.message(),
						System.nanoTime() - start, refusal.details()));
				return ToolErrorText.error(refusal.message());
			}
		}
		Caller previous = Caller.bind(caller);
		ToolMethodCall methodCall = ToolMethodCall.start();
		try {
			CallToolResult result = delegate.apply(exchange, request);
			if (!Boolean.TRUE.equals(result.isError())) {
				publish(new ToolCallEvent(timestamp, invocation, Outcome.OK, null, System.nanoTime() - start, Map.of()));
				return result;
			}
			ToolErrorText.Failure failure = ToolErrorText.of(tool, caller, arguments, result, methodCall);
			publish(new ToolCallEvent(timestamp, invocation, Outcome.FAILED, failure.detail(), System.nanoTime() - start, Map.of()));
			return failure.result();
		}
		catch (McpError ex) {
			// A JSON-RPC error the tool chose to answer with, its message included.
			publish(new ToolCallEvent(timestamp, invocation, Outcome.FAILED, String.valueOf(ex.getMessage()),
					System.nanoTime() - start, Map.of()));
			throw ex;
		}
		catch (RuntimeException ex) {
			// A checked exception of the tool method reaches here wrapped (UndeclaredThrowableException): judge the
			// tool's own exception.
			Throwable thrown = methodCall.thrown();
			ToolErrorText.Failure failure = ToolErrorText.of(tool, caller, (thrown != null) ? thrown : ex);
			publish(new ToolCallEvent(timestamp, invocation, Outcome.FAILED, failure.detail(), System.nanoTime() - start, Map.of()));
			return failure.result();
		}
		catch (Error ex) {
			publish(new ToolCallEvent(timestamp, invocation, Outcome.FAILED, String.valueOf(ex), System.nanoTime() - start,
					Map.of()));
			throw ex;
		}
		finally {
			methodCall.end();
			Caller.bind(previous);
		}
	}

	/**
	 * Whether every stage lets the caller see the tool.
	 * @param caller the caller
	 * @param tool the tool
	 * @return {@code true} to list the tool
	 */
	public boolean isVisible(Caller caller, ToolDescriptor tool) {
		for (ToolCallGuard guard : this.guards) {
			if (!guard.isVisible(caller, tool)) {
				return false;
			}
		}
		return true;
	}

	private void publish(ToolCallEvent event) {
		for (ToolCallListener listener : this.listeners) {
			try {
				listener.onToolCall(event);
			}
			catch (RuntimeException ex) {
				logger.error("Tool call listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}


}
