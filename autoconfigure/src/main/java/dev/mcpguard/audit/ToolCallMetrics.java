package dev.mcpguard.audit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.auth.AuthenticationFailureListener;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer metrics of every guarded call: counter {@value #CALLS} and timer {@value #DURATION}, both tagged
 * {@code tool} and {@code outcome}, and counter {@value #AUTHENTICATION_FAILURES} tagged {@code reason}. Meters are
 * created once per tool and outcome and kept, so a call costs one map lookup and no tag allocation.
 */
public class ToolCallMetrics implements ToolCallListener, AuthenticationFailureListener {

	/** Counter of guarded tool calls. */
	public static final String CALLS = "mcp.guard.calls";

	/** Timer of guarded tool calls, guard and tool together. */
	public static final String DURATION = "mcp.guard.call.duration";

	/** Counter of requests refused for lack of valid credentials. */
	public static final String AUTHENTICATION_FAILURES = "mcp.guard.authentication.failures";

	private static final Outcome[] OUTCOMES = Outcome.values();

	private final MeterRegistry registry;

	private final Map<String, ToolMeters> tools = new ConcurrentHashMap<>();

	private final Map<String, Counter> authenticationFailures = new ConcurrentHashMap<>();

	/**
	 * Create the metrics.
	 * @param registry the meter registry
	 */
	public ToolCallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onToolCall(ToolCallEvent event) {
		ToolMeters meters = this.tools.get(event.invocation().toolName());
		if (meters == null) {
			meters = this.tools.computeIfAbsent(event.invocation().toolName(), ToolMeters::new);
		}
		int outcome = event.outcome().ordinal();
		Counter counter = meters.counters[outcome];
		Timer timer = meters.timers[outcome];
		if (counter == null || timer == null) {
			counter = meters.counter(this.registry, event.outcome());
			timer = meters.timer(this.registry, event.outcome());
		}
		counter.increment();
		timer.record(event.durationNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void onAuthenticationFailure(AuthenticationFailure failure) {
		this.authenticationFailures
			.computeIfAbsent(failure.reason(), (reason) -> Counter.builder(AUTHENTICATION_FAILURES)
				.description("Requests refused for lack of valid credentials")
				.tag("reason", reason)
				.register(this.registry))
			.increment();
	}

	private static final class ToolMeters {

		private final String tool;

		private final Counter[] counters = new Counter[OUTCOMES.length];

		private final Timer[] timers = new Timer[OUTCOMES.length];

		ToolMeters(String tool) {
			this.tool = tool;
		}

		// A race registers the same meter twice; the registry returns the one instance.
		Counter counter(MeterRegistry registry, Outcome outcome) {
			Counter counter = Counter.builder(CALLS)
				.description("MCP tool calls through the guard")
				.tags("tool", this.tool, "outcome", outcome.name())
				.register(registry);
			this.counters[outcome.ordinal()] = counter;
			return counter;
		}

		Timer timer(MeterRegistry registry, Outcome outcome) {
			Timer timer = Timer.builder(DURATION)
				.description("Time MCP tool calls take, guard and tool together")
				.tags("tool", this.tool, "outcome", outcome.name())
				.register(registry);
			this.timers[outcome.ordinal()] = timer;
			return timer;
		}

	}

}
