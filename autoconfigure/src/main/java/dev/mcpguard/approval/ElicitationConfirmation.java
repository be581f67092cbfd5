package dev.mcpguard.approval;

import java.util.List;
import java.util.Map;

import dev.mcpguard.pipeline.GuardDecision;
import dev.mcpguard.pipeline.LogText;
import dev.mcpguard.pipeline.Outcome;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * In-band approval: asks the user of the MCP client to confirm a call through MCP elicitation
 * ({@code elicitation/create}, a form with one boolean {@code confirm}) while the call waits. The request travels
 * on the open response stream of the {@code tools/call} and the answer arrives as a separate HTTP request, so the
 * server thread of the call waits for it (at most the MCP server's request timeout,
 * {@code spring.ai.mcp.server.request-timeout}).
 * <p>
 * The user confirms, not an independent approver: the client decides what the user sees and could answer on its
 * own. Use out-of-band approval where separation of duties matters.
 */
public class ElicitationConfirmation {

	private static final Log logger = LogFactory.getLog(ElicitationConfirmation.class);

	/** Name of the boolean field of the confirmation form. */
	public static final String CONFIRM = "confirm";

	/**
	 * Whether the client of an exchange can answer a form elicitation.
	 * @param exchange the exchange, if any
	 * @return {@code true} if the client declared the elicitation capability
	 */
	public static boolean isSupported(@Nullable McpSyncServerExchange exchange) {
		if (exchange == null) {
			return false;
		}
		McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
		return capabilities != null && capabilities.elicitation() != null
				&& (capabilities.elicitation().form() != null || capabilities.elicitation().url() == null);
	}

	/**
	 * Ask the user to confirm a call.
	 * @param exchange the exchange of the call
	 * @param tool the tool name
	 * @param reason why approval is needed
	 * @param redactedArguments the arguments as the user may see them
	 * @return proceed if the user accepted with {@code confirm: true}; an {@code APPROVAL_DENIED} refusal otherwise
	 */
	public GuardDecision confirm(McpSyncServerExchange exchange, String tool, @Nullable String reason,
			Map<String, @Nullable Object> redactedArguments) {
		StringBuilder message = new StringBuilder("Allow the tool '").append(tool).append("' to run with these arguments?\n")
			.append(CanonicalArguments.json(redactedArguments));
		if (reason != null && !reason.isEmpty()) {
			message.append("\nWhy you are asked: ").append(reason);
		}
		Map<String, Object> schema = Map.of("type", "object", "properties",
				Map.of(CONFIRM, Map.of("type", "boolean", "title", "Run " + tool,
						"description", "Whether to run '" + tool + "' now with the arguments shown")),
				"required", List.of(CONFIRM));
		ElicitResult result;
		try {
			result = exchange.createElicitation(ElicitFormRequest.builder(message.toString(), schema).build());
		}
		catch (RuntimeException ex) {
			logger.warn("No answer to the confirmation of '" + tool + "' in session " + LogText.safe(exchange.sessionId())
					+ ": " + LogText.safe(ex));
			return GuardDecision.refuse(Outcome.APPROVAL_DENIED, "The user's confirmation of '" + tool
					+ "' did not arrive (" + ex.getMessage() + "); the call did not run. Repeat it to ask again.")
				.withDetail("approvalMode", "elicitation");
		}
		if (result != null && result.action() == ElicitResult.Action.ACCEPT && result.content() != null
				&& Boolean.TRUE.equals(result.content().get(CONFIRM))) {
			return GuardDecision.proceed();
		}
		String answer = (result == null) ? "did not answer" : (result.action() == ElicitResult.Action.ACCEPT) ? "did not confirm"
				: (result.action() == ElicitResult.Action.DECLINE) ? "declined" : "cancelled";
		return GuardDecision.refuse(Outcome.APPROVAL_DENIED, "The user " + answer + " the call of '" + tool
				+ "'; it did not run. Do not repeat it unless the user asks.")
			.withDetail("approvalMode", "elicitation");
	}

}
