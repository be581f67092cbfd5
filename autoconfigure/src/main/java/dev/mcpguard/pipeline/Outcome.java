package dev.mcpguard.pipeline;

/**
 * Final outcome of a guarded MCP request, as recorded in the audit trail and used as a metrics tag.
 */
public enum Outcome {

	/** The tool ran and returned a normal result. */
	OK,

	/** The tool ran and failed (threw, or returned an error result). */
	FAILED,

	/** The caller lacks a role the tool requires. */
	DENIED,

	/** The tool is switched off (static deny list or the runtime kill switch). */
	DISABLED,

	/** A rate limit refused the call. */
	RATE_LIMITED,

	/** The call waits for a human decision. */
	APPROVAL_PENDING,

	/** A human (or an approval policy) refused the call. */
	APPROVAL_DENIED,

	/** The request carried no valid credentials. */
	UNAUTHENTICATED,

	/** An operator changed MCP Guard's state through its runbook endpoints ({@link AdminAction}). */
	ADMIN

}
