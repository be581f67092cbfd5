package dev.mcpguard.approval;

/**
 * Tells approvers that a call waits for their decision (chat message, ticket, e-mail). Every bean is called once
 * per new approval request, in order, on the request thread: implementations must hand slow work (I/O) to another
 * thread and return at once; an exception is logged and does not affect the call. The built-in
 * {@link WebhookApprovalNotifier} posts JSON to {@code mcp.guard.approval.webhook.url}.
 */
@FunctionalInterface
public interface ApprovalNotifier {

	/**
	 * A new approval request is waiting.
	 * @param notification the request, with secrets redacted
	 */
	void approvalRequested(ApprovalNotification notification);

}
