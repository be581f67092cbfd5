package dev.mcpguard.authz;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import dev.mcpguard.jdbc.ClusterSync;
import dev.mcpguard.pipeline.Caller;
import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.GuardStage;
import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.pipeline.Outcome;
import dev.mcpguard.pipeline.PlainText;
import dev.mcpguard.pipeline.ToolCallGuard;
import dev.mcpguard.pipeline.ToolDescriptor;
import dev.mcpguard.pipeline.ToolInvocation;
import dev.mcpguard.pipeline.ToolRegistry;
import io.modelcontextprotocol.server.McpSyncServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The runtime part of the availability stage: an operator switches a tool off (and on) without redeploying. A
 * disabled tool disappears from {@code tools/list}, is refused with {@code DISABLED} and the operator's reason,
 * and connected clients get {@code notifications/tools/list_changed}. The state lives in the shared repository;
 * every instance re-reads it each sync interval.
 */
public class ToolKillSwitch implements ToolCallGuard {

	/** Longest reason an operator may give. */
	public static final int MAX_REASON_LENGTH = 500;

	private static final Log logger = LogFactory.getLog(ToolKillSwitch.class);

	private final ToolStateRepository repository;

	private final ToolRegistry registry;

	private final ObjectProvider<McpSyncServer> server;

	private final Clock clock;

	private volatile Map<String, GuardDecision.Refusal> disabled = Map.of();

	/**
	 * Create the kill switch and, with a cluster sync, keep it in step with the other instances.
	 * @param repository where states are kept
	 * @param registry the guarded tools
	 * @param server the MCP server, to notify clients of list changes
	 * @param clock the clock
	 * @param sync the background sync, or {@code null} on a single instance
	 */
	public ToolKillSwitch(ToolStateRepository repository, ToolRegistry registry, ObjectProvider<McpSyncServer> server,
			Clock clock, @Nullable ClusterSync sync) {
		this.repository = repository;
		this.registry = registry;
		this.server = server;
		this.clock = clock;
		// Load before the first call, without notifying: no client is connected yet.
		this.disabled = load();
		if (sync != null) {
			sync.schedule("refresh tool states", this::refresh);
		}
	}

	@Override
	public GuardDecision check(ToolInvocation invocation) {
		GuardDecision.Refusal refusal = this.disabled.get(invocation.toolName());
		return (refusal != null) ? refusal : GuardDecision.proceed();
	}

	@Override
	public boolean isVisible(Caller caller, ToolDescriptor tool) {
		return !this.disabled.containsKey(tool.name());
	}

	/**
	 * Switch a tool on or off for every instance.
	 * @param toolName the tool
	 * @param enabled the new state
	 * @param reason why, shown to callers while disabled: at most {@value #MAX_REASON_LENGTH}
	 * {@linkplain PlainText plain} characters
	 * @param operator who
	 * @return the stored state
	 * @throws NoSuchElementException if no such tool exists
	 * @throws IllegalArgumentException if the reason breaks its rule
	 */
	public ToolState setEnabled(String toolName, boolean enabled, @Nullable String reason, String operator) {
		if (this.registry.descriptor(toolName) == null) {
			throw new NoSuchElementException("No tool named '" + toolName + "'");
		}
		if (reason != null && (reason.length() > MAX_REASON_LENGTH || !PlainText.isPlain(reason))) {
			throw new IllegalArgumentException("'reason' must be at most " + MAX_REASON_LENGTH
					+ " characters: letters, digits, punctuation and spaces, no control characters");
		}
		ToolState state = new ToolState(toolName, enabled, reason, operator, this.clock.instant());
		this.repository.save(state);
		logger.warn("MCP Guard: " + operator + " " + (enabled ? "enabled" : "disabled") + " tool '" + toolName + "'"
				+ ((reason != null) ? ": " + LogText.safe(reason) : ""));
		refresh();
		return state;
	}

	/**
	 * Whether a tool is currently disabled by an operator.
	 * @param toolName the tool
	 * @return {@code true} if disabled
	 */
	public boolean isDisabled(String toolName) {
		return this.disabled.containsKey(toolName);
	}

	/**
	 * The stored state of a tool.
	 * @param toolName the tool
	 * @return the state, or {@code null} if an operator never changed it
	 */
	public @Nullable ToolState state(String toolName) {
		return this.repository.findAll().stream().filter((state) -> state.toolName().equals(toolName)).findFirst().orElse(null);
	}

	synchronized void refresh() {
		Map<String, GuardDecision.Refusal> next = load();
		boolean changed = !next.equals(this.disabled);
		this.disabled = next;
		if (changed) {
			McpSyncServer mcpServer = this.server.getIfAvailable();
			if (mcpServer != null) {
				mcpServer.notifyToolsListChanged();
			}
		}
	}

	private Map<String, GuardDecision.Refusal> load() {
		Map<String, GuardDecision.Refusal> next = new HashMap<>();
		for (ToolState state : this.repository.findAll()) {
			if (!state.enabled()) {
				String reason = (state.reason() != null && !state.reason().isBlank()) ? state.reason() : "no reason given";
				next.put(state.toolName(), GuardDecision.refuse(Outcome.DISABLED,
						"Tool '" + state.toolName() + "' is disabled by an operator: " + reason));
			}
		}
		return Map.copyOf(next);
	}

	@Override
	public int getOrder() {
		return GuardStage.AVAILABILITY;
	}

}
