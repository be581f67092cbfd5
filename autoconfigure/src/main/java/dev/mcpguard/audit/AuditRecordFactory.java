package dev.mcpguard.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.mcpguard.pipeline.AdminAction;
import dev.mcpguard.pipeline.RequestRefusal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import dev.mcpguard.auth.AuthenticationFailure;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallEvent;
import dev.mcpguard.pipeline.ToolInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Turns what the guard observed (a {@link ToolCallEvent}, an {@link AuthenticationFailure}) into an
 * {@link AuditRecord}: a new time-ordered id, the redacted arguments, texts cut to their column sizes and cleared
 * of control characters and line separators ({@link LogText#isUnsafe}; so a value sent by a client can neither break
 * a log line nor be refused by the database).
 */
public class AuditRecordFactory {

	/** Detail of a {@link dev.mcpguard.pipeline.GuardDecision.Refusal} that names the approval request. */
	public static final String APPROVAL_ID = "approvalId";

	private final ArgumentRedactor redactor;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create the factory.
	 * @param redactor the redactor of arguments and texts
	 */
	public AuditRecordFactory(ArgumentRedactor redactor) {
		this.redactor = redactor;
	}

	/**
	 * The record of a tool call.
	 * @param event the outcome of the call
	 * @param traceId the trace id of the request, if any
	 * @return the record
	 */
	public AuditRecord toolCall(ToolCallEvent event, @Nullable String traceId) {
		ToolInvocation invocation = event.invocation();
		Caller caller = invocation.caller();
		Object approvalId = event.details().get(APPROVAL_ID);
		return new AuditRecord(timeOrderedId(event.timestamp(), this.random), event.timestamp(),
				text(caller.name(), 200), text(caller.authMethod(), 20), text(invocation.sessionId(), 200),
				text(caller.clientIp(), 64), text(invocation.toolName(), 200),
				this.redactor.toJson(invocation.tool(), invocation.arguments()), event.outcome(),
				text(this.redactor.redactText(event.message()), 2000),
				TimeUnit.NANOSECONDS.toMillis(event.durationNanos()),
				(approvalId != null) ? text(String.valueOf(approvalId), 100) : null, text(traceId, 64));
	}

	/**
	 * The record of a request refused for lack of valid credentials.
	 * @param failure the refused request
	 * @param traceId the trace id of the request, if any
	 * @return the record
	 */
	public AuditRecord authenticationFailure(AuthenticationFailure failure, @Nullable String traceId) {
		String message = "Authentication failed (" + failure.reason() + "): " + failure.httpMethod() + " " + failure.path();
		return new AuditRecord(timeOrderedId(failure.timestamp(), this.random), failure.timestamp(), null,
				null, text(failure.sessionId(), 200), text(failure.clientIp(), 64), null, null,
				Outcome.UNAUTHENTICATED, text(this.redactor.redactText(message), 2000), 0, null, text(traceId, 64));
	}

	/**
	 * The record of an operator's action.
	 * @param action the action
	 * @param traceId the trace id of the request, if any
	 * @return the record: outcome {@code ADMIN}, the operator as principal, the endpoint as tool, the action as
	 * arguments
	 */
	public AuditRecord adminAction(AdminAction action, @Nullable String traceId) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("action", action.action());
		arguments.put("target", action.target());
		arguments.putAll(action.details());
		String message = action.endpoint() + " " + action.action() + " " + action.target()
				+ ((action.reason() != null) ? ": " + action.reason() : "");
		return new AuditRecord(timeOrderedId(action.time(), this.random), action.time(), text(action.operator(), 200),
				"operator", null, text(action.clientIp(), 64), text(action.endpoint(), 200),
				this.redactor.toJson(null, arguments), Outcome.ADMIN, text(this.redactor.redactText(message), 2000), 0,
				null, text(traceId, 64));
	}

	/**
	 * The record of a request refused before it reached a tool, or the summary of several.
	 * @param refusal the refusal
	 * @param traceId the trace id of the request, if any
	 * @return the record: the kind and count as arguments, no tool
	 */
	public AuditRecord refusal(RequestRefusal refusal, @Nullable String traceId) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("refusal", refusal.kind());
		arguments.put("count", refusal.count());
		return new AuditRecord(timeOrderedId(refusal.time(), this.random), refusal.time(), text(refusal.principal(), 200),
				null, text(refusal.sessionId(), 200), text(refusal.clientIp(), 64), null,
				this.redactor.toJson(null, arguments), refusal.outcome(), text(this.redactor.redactText(refusal.message()), 2000),
				0, null, text(traceId, 64));
	}

	/**
	 * A new audit record id: a UUID version 7, the time first, so new ids land at the end of the primary key index.
	 * @param time the record's time
	 * @param random the source of the id's random bits
	 * @return the id
	 */
	public static String timeOrderedId(Instant time, RandomGenerator random) {
		long high = (time.toEpochMilli() << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
		long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	// Stored exactly as hashed: no characters unsafe in a log line (PostgreSQL refuses NUL) and no lone surrogates (which
	// the driver would turn into '?', so the stored row would no longer match its hash).
	static @Nullable String text(@Nullable String value, int maxLength) {
		if (value == null) {
			return null;
		}
		int end = value.length();
		boolean cut = end > maxLength;
		if (cut) {
			end = maxLength - 3;
		}
		StringBuilder clean = null;
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < end
					&& Character.isLowSurrogate(value.charAt(i + 1)));
			if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1))) {
				lone = false;
			}
			char replacement = LogText.isUnsafe(c) ? ' ' : (lone ? '\uFFFD' : c);
			if (replacement != c && clean == null) {
				clean = new StringBuilder(end + 3).append(value, 0, i);
			}
			if (clean != null) {
				clean.append(replacement);
			}
		}
		String text = (clean != null) ? clean.toString() : value.substring(0, end);
		return cut ? text + "..." : text;
	}

}
