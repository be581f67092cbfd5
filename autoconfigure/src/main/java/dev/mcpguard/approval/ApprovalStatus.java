package dev.mcpguard.approval;

/**
 * The state of a stored approval request.
 */
public enum ApprovalStatus {

	/** Waiting for a decision. */
	PENDING,

	/** Approved; the identical call of the same principal may run once. */
	APPROVED,

	/** Denied; the identical call is refused until the request expires. */
	DENIED,

	/** Approved and used: the call ran. */
	CONSUMED,

	/** Expired before it was decided or used. */
	EXPIRED

}
