package dev.mcpguard.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.GuardStage;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolInvocation;

/**
 * The rate limit stage: a {@code tools/call} must fit the limit of its MCP session, of its principal (over all the
 * principal's sessions) and of its tool (over all callers). A refused call gets {@link Outcome#RATE_LIMITED} and a
 * text naming the limit and when to retry; the tool does not run. Permits are taken without ever waiting.
 * <p>
 * Order, chosen so that one caller's excess costs nobody else anything:
 * <ol>
 * <li>the tool limit is <em>looked at</em> first: when it has no permit left the call is refused without taking
 * any of the caller's own permits;</li>
 * <li>the session limit, then the principal limit: the caller's own budgets, narrowest first, so a runaway session
 * is stopped by its own cap without eating the budget its principal's other sessions share;</li>
 * <li>the tool limit is taken last, so a caller refused by its own caps never takes a permit of the tool's limit
 * that other callers need.</li>
 * </ol>
 * A call refused by the principal limit has used a permit of its session, and a call that loses the last tool
 * permit to a concurrent call between the look and the take has used one of its session and principal permits:
 * both are charged to the caller that made the call.
 */
public class RateLimitGuard implements ToolCallGuard {

	private final ToolRateLimits tools;

	private final KeyedRateLimiters sessions;

	private final KeyedRateLimiters principals;

	private final RateLimitViolationReporter reporter;

	/**
	 * Create the stage.
	 * @param tools the per-tool limits
	 * @param sessions the per-session limiters
	 * @param principals the per-principal limiters
	 * @param listeners observers of refused calls
	 * @param ticker the time source in nanoseconds, for the one-line-per-second log throttle
	 */
	public RateLimitGuard(ToolRateLimits tools, KeyedRateLimiters sessions, KeyedRateLimiters principals,
			List<RateLimitViolationListener> listeners, LongSupplier ticker) {
		this.tools = tools;
		this.sessions = sessions;
		this.principals = principals;
		this.reporter = new RateLimitViolationReporter(listeners, ticker);
	}

	@Override
	public GuardDecision check(ToolInvocation invocation) {
		LimiterHandle tool = this.tools.handle(invocation.toolName());
		if (!tool.hasPermission()) {
			return refuse(RateLimitScope.TOOL, tool, invocation);
		}
		String sessionId = invocation.sessionId();
		if (sessionId != null) {
			LimiterHandle session = this.sessions.handle(sessionId);
			if (!session.tryAcquire()) {
				return refuse(RateLimitScope.SESSION, session, invocation);
			}
		}
		LimiterHandle principal = this.principals.handle(invocation.caller().name());
		if (!principal.tryAcquire()) {
			return refuse(RateLimitScope.PRINCIPAL, principal, invocation);
		}
		if (!tool.tryAcquire()) {
			return refuse(RateLimitScope.TOOL, tool, invocation);
		}
		return GuardDecision.proceed();
	}

	/**
	 * How many keys of a scope have a live limiter now, to watch memory.
	 * @param scope {@link RateLimitScope#SESSION} or {@link RateLimitScope#PRINCIPAL}
	 * @return the number of live limiters
	 */
	public int trackedKeys(RateLimitScope scope) {
		return switch (scope) {
			case SESSION -> this.sessions.size();
			case PRINCIPAL -> this.principals.size();
			default -> throw new IllegalArgumentException("No keyed limiters for scope " + scope);
		};
	}

	private GuardDecision refuse(RateLimitScope scope, LimiterHandle handle, ToolInvocation invocation) {
		RateLimit limit = handle.limit();
		long retryAfter = handle.retryAfterSeconds();
		String subject = switch (scope) {
			case SESSION -> "this MCP session";
			case PRINCIPAL -> "principal '" + invocation.caller().name() + "'";
			default -> "'" + invocation.toolName() + "'";
		};
		String message = "Rate limit exceeded for " + subject + " (" + limit + "). Retry in " + retryAfter + " s.";
		this.reporter.report(new RateLimitViolation(scope, invocation.toolName(), invocation.caller().name(),
				invocation.sessionId(), invocation.caller().clientIp(), limit, retryAfter), handle);
		return new GuardDecision.Refusal(Outcome.RATE_LIMITED, message,
				Map.of("rateLimitScope", scope.tag(), "rateLimit", limit.toString(), "retryAfterSeconds", retryAfter));
	}

	@Override
	public int getOrder() {
		return GuardStage.RATE_LIMIT;
	}

}
