package dev.mcpguard.approval;

/**
 * How a human approves a call that needs approval.
 */
public enum ApprovalMode {

	/**
	 * The call is refused as pending; an approver decides through the {@code mcpapprovals} actuator endpoint and
	 * the caller repeats the identical call, which then runs once.
	 */
	OUT_OF_BAND,

	/**
	 * The server asks the client's user to confirm through MCP elicitation while the call waits; clients that do
	 * not declare the elicitation capability fall back to {@link #OUT_OF_BAND}.
	 */
	ELICITATION

}
