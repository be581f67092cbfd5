package dev.mcpguard.approval;

/**
 * An approver's decision that cannot be recorded, with a message for the approver.
 */
public class ApprovalDecisionException extends RuntimeException {

	private final Reason reason;

	/**
	 * Create the exception.
	 * @param reason why the decision was refused
	 * @param message what the approver is told
	 */
	public ApprovalDecisionException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Why the decision was refused.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a decision is refused.
	 */
	public enum Reason {

		/** No request has the id. */
		NOT_FOUND,

		/** The approver is the principal who made the call. */
		SELF_APPROVAL,

		/** The request is decided, used or expired already. */
		NOT_PENDING

	}

}
