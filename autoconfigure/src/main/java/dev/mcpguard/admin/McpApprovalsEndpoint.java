package dev.mcpguard.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpguard.approval.ApprovalDecisionException;
import dev.mcpguard.approval.ApprovalRequest;
import dev.mcpguard.approval.ApprovalService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * Actuator endpoint {@code mcpapprovals}, where approvers decide calls that wait for a human: {@code GET} lists
 * the pending requests (arguments redacted), {@code GET /{id}} shows one request in any state, and
 * {@code POST /{id}} with {@code {"decision":"approve"|"deny","comment":"…"}} decides it. The approver needs the
 * admin role ({@code mcp.guard.admin.role}) and must not be the principal who made the call.
 */
@WebEndpoint(id = "mcpapprovals")
public class McpApprovalsEndpoint {

	private final ApprovalService approvals;

	private final String adminRole;

	private final AdminActions actions;

	/**
	 * Create the endpoint.
	 * @param approvals the approval service
	 * @param adminRole the role an approver needs
	 */
	public McpApprovalsEndpoint(ApprovalService approvals, String adminRole) {
		this(approvals, adminRole, AdminActions.none());
	}

	/**
	 * Create the endpoint.
	 * @param approvals the approval service
	 * @param adminRole the role an approver needs
	 * @param actions told of every decision, for the audit trail
	 */
	public McpApprovalsEndpoint(ApprovalService approvals, String adminRole, AdminActions actions) {
		this.approvals = approvals;
		this.adminRole = adminRole;
		this.actions = actions;
	}

	/**
	 * The pending requests, oldest first.
	 * @return the requests
	 */
	@ReadOperation
	public List<Map<String, @Nullable Object>> pending() {
		return this.approvals.pending().stream().map(McpApprovalsEndpoint::view).toList();
	}

	/**
	 * One request, in any state.
	 * @param id the request id
	 * @return the request, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, @Nullable Object>> request(@Selector String id) {
		return this.approvals.find(id)
			.map((request) -> new WebEndpointResponse<>(view(request), 200))
			.orElseGet(() -> error(404, "No approval request " + id + "."));
	}

	/**
	 * Decide a pending request.
	 * @param id the request id
	 * @param decision {@code approve} or {@code deny}
	 * @param comment the approver's comment; a denied caller sees it
	 * @param securityContext the approver
	 * @return the decided request; 400 for an unknown decision, 403 for self-approval or a missing role, 404 for an
	 * unknown id, 409 when the request is not pending
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, @Nullable Object>> decide(@Selector String id, String decision,
			@Nullable String comment, SecurityContext securityContext) {
		boolean approve;
		if ("approve".equalsIgnoreCase(decision)) {
			approve = true;
		}
		else if ("deny".equalsIgnoreCase(decision)) {
			approve = false;
		}
		else {
			return error(400, "Unknown decision '" + decision + "'; use \"approve\" or \"deny\".");
		}
		if (securityContext.getPrincipal() == null || !securityContext.isUserInRole(this.adminRole)) {
			return error(403, "Deciding approval requests needs the role " + this.adminRole + ".");
		}
		try {
			ApprovalRequest decided = this.approvals.decide(id, approve, securityContext.getPrincipal().getName(), comment);
			this.actions.publish(securityContext, "mcpapprovals", approve ? "approve" : "deny", id,
					Map.of("requester", decided.principal(), "tool", decided.tool()), comment);
			return new WebEndpointResponse<>(view(decided), 200);
		}
		catch (ApprovalDecisionException ex) {
			int status = switch (ex.getReason()) {
				case NOT_FOUND -> 404;
				case SELF_APPROVAL -> 403;
				case NOT_PENDING -> 409;
			};
			return error(status, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return error(400, ex.getMessage());
		}
	}

	private static Map<String, @Nullable Object> view(ApprovalRequest request) {
		Map<String, @Nullable Object> view = new LinkedHashMap<>();
		view.put("id", request.id());
		view.put("status", request.status().name());
		view.put("principal", request.principal());
		view.put("tool", request.tool());
		view.put("reason", request.reason());
		view.put("arguments", request.arguments());
		view.put("createdAt", request.createdAt());
		view.put("expiresAt", request.expiresAt());
		view.put("decidedBy", request.decidedBy());
		view.put("decidedAt", request.decidedAt());
		view.put("comment", request.comment());
		view.put("consumedAt", request.consumedAt());
		return view;
	}

	private static WebEndpointResponse<Map<String, @Nullable Object>> error(int status, @Nullable String message) {
		return new WebEndpointResponse<>(Map.of("error", String.valueOf(message)), status);
	}

}
