package dev.mcpguard.approval;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.mcpguard.annotation.RequiresApproval;
import dev.mcpguard.pipeline.ArgumentRedactor;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.GuardStage;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;
import dev.mcpguard.pipeline.ToolRegistry;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.StringUtils;

/**
 * The approval stage of the guard pipeline. Whether a call needs a human decision is asked of the
 * {@link ApprovalPolicy} beans in order, then of the tool's {@link RequiresApproval @RequiresApproval} (its
 * {@code when} condition parsed once per tool, at startup). A call that needs one is confirmed by the client's user
 * through MCP elicitation ({@link ApprovalMode#ELICITATION}, when the client supports it) or else refused as
 * {@code APPROVAL_PENDING} until an approver decides through the {@code mcpapprovals} endpoint
 * ({@link ApprovalService}); the identical call of the same principal then runs once.
 * <p>
 * Calls of tools without {@code @RequiresApproval} cost a map lookup (plus the policies, if any); only calls that
 * need approval reach the database.
 */
public class ApprovalGuard implements ToolCallGuard, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ApprovalGuard.class);

	/** How often a caller waiting for a decision is pinged, unless configured. */
	public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);

	private static final String POLICY_REASON = "required by an approval policy";

	private final ToolRegistry registry;

	private final ApprovalPolicy[] policies;

	private final @Nullable ApprovalService service;

	private final ElicitationConfirmation elicitation;

	private final ArgumentRedactor redactor;

	private final ToolSettings defaults;

	private final Map<String, ToolSettings> toolSettings;

	private final Map<String, Rule> rules = new ConcurrentHashMap<>();

	private final Duration pingInterval;

	/**
	 * Create the stage.
	 * @param registry the guarded tools
	 * @param policies the approval policies, in order
	 * @param service out-of-band approval, {@code null} without a database (calls that need it are then refused)
	 * @param elicitation in-band confirmation
	 * @param redactor hides secrets from approvers, webhooks and the approval table
	 * @param defaults the mode and wait of tools without their own settings
	 * @param toolSettings settings per tool name
	 */
	public ApprovalGuard(ToolRegistry registry, List<ApprovalPolicy> policies, @Nullable ApprovalService service,
			ElicitationConfirmation elicitation, ArgumentRedactor redactor, ToolSettings defaults,
			Map<String, ToolSettings> toolSettings) {
		this(registry, policies, service, elicitation, redactor, defaults, toolSettings, DEFAULT_PING_INTERVAL);
	}

	/**
	 * Create the stage.
	 * @param registry the guarded tools
	 * @param policies the approval policies, in order
	 * @param service out-of-band approval, {@code null} without a database (calls that need it are then refused)
	 * @param elicitation in-band confirmation
	 * @param redactor hides secrets from approvers, webhooks and the approval table
	 * @param defaults the mode and wait of tools without their own settings
	 * @param toolSettings settings per tool name
	 * @param pingInterval how often a caller waiting for a decision is pinged; one that does not answer has left,
	 * and its wait ends
	 */
	public ApprovalGuard(ToolRegistry registry, List<ApprovalPolicy> policies, @Nullable ApprovalService service,
			ElicitationConfirmation elicitation, ArgumentRedactor redactor, ToolSettings defaults,
			Map<String, ToolSettings> toolSettings, Duration pingInterval) {
		this.pingInterval = pingInterval;
		this.registry = registry;
		this.policies = policies.toArray(ApprovalPolicy[]::new);
		this.service = service;
		this.elicitation = elicitation;
		this.redactor = redactor;
		this.defaults = defaults;
		this.toolSettings = Map.copyOf(toolSettings);
	}

	/**
	 * Parse the approval rule of every tool now, so that a broken {@code when} condition fails the startup.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		boolean anyAnnotated = false;
		for (ToolDescriptor tool : this.registry.descriptors()) {
			Rule rule = Rule.of(tool, settingsFor(tool.name()));
			this.rules.put(tool.name(), rule);
			anyAnnotated |= rule.annotated();
		}
		for (String name : this.toolSettings.keySet()) {
			if (this.registry.descriptor(name) == null) {
				logger.warn("mcp.guard.approval.tools." + name + " names no known tool");
			}
		}
		if (anyAnnotated && this.service == null) {
			logger.warn("MCP Guard has no database for approval requests: calls that need out-of-band approval are "
					+ "refused. Configure a DataSource, or use mcp.guard.approval.mode=elicitation.");
		}
	}

	@Override
	public GuardDecision check(ToolInvocation invocation) {
		Rule rule = ruleFor(invocation.tool());
		return switch (askPolicies(invocation)) {
			case APPROVE -> GuardDecision.proceed();
			case DENY -> GuardDecision.refuse(Outcome.APPROVAL_DENIED,
					"The call of '" + invocation.toolName() + "' is refused by an approval policy; it did not run.");
			case ASK_HUMAN -> askHuman(invocation, rule, (rule.reason() != null) ? rule.reason() : POLICY_REASON);
			case ABSTAIN -> (!rule.annotated() || (rule.condition() != null && !rule.condition().matches(invocation.arguments())))
					? GuardDecision.proceed() : askHuman(invocation, rule, rule.reason());
		};
	}

	/**
	 * Whether a tool carries {@link RequiresApproval}, for display.
	 * @param tool the tool
	 * @return the condition ({@code "always"} without one), or {@code null} if the annotation is absent
	 */
	public @Nullable String describe(ToolDescriptor tool) {
		Rule rule = ruleFor(tool);
		return !rule.annotated() ? null : (rule.condition() != null) ? rule.condition().toString() : "always";
	}

	private ApprovalPolicy.Decision askPolicies(ToolInvocation invocation) {
		for (ApprovalPolicy policy : this.policies) {
			ApprovalPolicy.Decision decision;
			try {
				decision = policy.decide(invocation.caller(), invocation.tool(), invocation.arguments());
			}
			catch (RuntimeException ex) {
				logger.error("Approval policy " + policy.getClass().getName() + " failed for '" + invocation.toolName()
						+ "'; the call needs a human decision", ex);
				return ApprovalPolicy.Decision.ASK_HUMAN;
			}
			if (decision != null && decision != ApprovalPolicy.Decision.ABSTAIN) {
				return decision;
			}
		}
		return ApprovalPolicy.Decision.ABSTAIN;
	}

	private GuardDecision askHuman(ToolInvocation invocation, Rule rule, @Nullable String reason) {
		String tool = invocation.toolName();
		McpSyncServerExchange exchange = invocation.exchange();
		if (rule.settings().mode() == ApprovalMode.ELICITATION && exchange != null && ElicitationConfirmation.isSupported(exchange)) {
			return this.elicitation.confirm(exchange, tool, reason, redacted(invocation));
		}
		if (this.service == null) {
			return GuardDecision.refuse(Outcome.APPROVAL_DENIED, "'" + tool + "' needs approval, but this server has no "
					+ "approval store (out-of-band approval needs a database); the call did not run.");
		}
		ApprovalService.Ticket ticket;
		try {
			ticket = this.service.request(invocation.caller().name(), tool, invocation.arguments(),
					() -> redacted(invocation), reason, rule.settings().maxWait(),
					(exchange != null) ? new CallerPresence(exchange, this.pingInterval) : () -> true);
		}
		catch (RuntimeException ex) {
			logger.error("Could not check the approval of '" + tool + "'", ex);
			return GuardDecision.refuse(Outcome.APPROVAL_DENIED, "The approval of '" + tool
					+ "' could not be checked (approval store unavailable); the call did not run. Try again later.");
		}
		if (ticket instanceof ApprovalService.Ticket.Granted) {
			return GuardDecision.proceed();
		}
		return refusal(tool, reason, ticket).withDetail("approvalId", ticket.request().id());
	}

	private static GuardDecision.Refusal refusal(String tool, @Nullable String reason, ApprovalService.Ticket ticket) {
		ApprovalRequest request = ticket.request();
		if (ticket instanceof ApprovalService.Ticket.Denied) {
			return GuardDecision.refuse(Outcome.APPROVAL_DENIED, "The call of '" + tool + "' was denied by an approver "
					+ "(approval request " + request.id() + "): "
					+ (StringUtils.hasText(request.comment()) ? request.comment() : "no comment given")
					+ ". It did not run; do not repeat it unless the user asks.");
		}
		if (ticket instanceof ApprovalService.Ticket.AlreadyUsed) {
			return GuardDecision.refuse(Outcome.APPROVAL_DENIED, "Approval request " + request.id() + " for '" + tool
					+ "' was already used by an identical call, which ran once. Each approval runs the call once: "
					+ "repeat the call to request a new approval.");
		}
		return GuardDecision.refuse(Outcome.APPROVAL_PENDING, "Approval required: '" + tool + "' needs a human decision"
				+ because(reason) + ". Approval request " + request.id() + " is pending until "
				+ request.expiresAt() + ". Once it is approved, repeat this call with the same arguments; it will "
				+ "then run once.");
	}

	private Map<String, @Nullable Object> redacted(ToolInvocation invocation) {
		return this.redactor.redact(invocation.arguments(), this.redactor.sensitiveParameters(invocation.tool()));
	}

	private Rule ruleFor(ToolDescriptor tool) {
		Rule rule = this.rules.get(tool.name());
		if (rule == null) {
			rule = this.rules.computeIfAbsent(tool.name(), (name) -> ruleOfLateTool(tool));
		}
		return rule;
	}

	private Rule ruleOfLateTool(ToolDescriptor tool) {
		try {
			return Rule.of(tool, settingsFor(tool.name()));
		}
		catch (IllegalArgumentException ex) {
			// A tool added at runtime cannot fail the startup: every call of it needs approval instead.
			logger.error(ex.getMessage() + "; every call of '" + tool.name() + "' needs approval");
			return new Rule(true, null, null, settingsFor(tool.name()));
		}
	}

	private ToolSettings settingsFor(String tool) {
		ToolSettings own = this.toolSettings.get(tool);
		return (own != null) ? own.orElse(this.defaults) : this.defaults;
	}

	private static String because(@Nullable String reason) {
		return StringUtils.hasText(reason) ? " (" + reason + ")" : "";
	}

	@Override
	public int getOrder() {
		return GuardStage.APPROVAL;
	}

	/**
	 * How calls of one tool are approved.
	 *
	 * @param mode elicitation or out-of-band, {@code null} to inherit
	 * @param maxWait how long a pending call waits for an out-of-band decision, {@code null} to inherit
	 */
	public record ToolSettings(@Nullable ApprovalMode mode, @Nullable Duration maxWait) {

		/**
		 * These settings with unset values taken from the defaults.
		 * @param defaults the defaults
		 * @return the merged settings
		 */
		public ToolSettings orElse(ToolSettings defaults) {
			return new ToolSettings((this.mode != null) ? this.mode : defaults.mode(),
					(this.maxWait != null) ? this.maxWait : defaults.maxWait());
		}

	}

	private record Rule(boolean annotated, @Nullable ApprovalCondition condition, @Nullable String reason,
			ToolSettings settings) {

		static Rule of(ToolDescriptor tool, ToolSettings settings) {
			RequiresApproval annotation = tool.findAnnotation(RequiresApproval.class);
			if (annotation == null) {
				return new Rule(false, null, null, settings);
			}
			ApprovalCondition condition = StringUtils.hasText(annotation.when())
					? ApprovalCondition.parse(tool.name(), annotation.when(), parameterNames(tool)) : null;
			String reason = StringUtils.hasText(annotation.reason()) ? annotation.reason() : null;
			return new Rule(true, condition, reason, settings);
		}

		private static Set<String> parameterNames(ToolDescriptor tool) {
			Set<String> names = new LinkedHashSet<>();
			if (tool.tool().inputSchema() != null && tool.tool().inputSchema().get("properties") instanceof Map<?, ?> properties) {
				properties.keySet().forEach((name) -> names.add(String.valueOf(name)));
			}
			tool.parameters().forEach((parameter) -> names.add(parameter.getName()));
			return names;
		}

	}

}
