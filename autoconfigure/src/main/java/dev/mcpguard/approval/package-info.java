/**
 * Human approval of dangerous tools: the approval stage of the guard pipeline ({@code @RequiresApproval} conditions
 * and {@link dev.mcpguard.approval.ApprovalPolicy} beans), out-of-band approval requests stored in the database and
 * decided through the {@code mcpapprovals} actuator endpoint, in-band confirmation by MCP elicitation, and the
 * notifiers that tell approvers a request is waiting.
 */
@NullMarked
package dev.mcpguard.approval;

import org.jspecify.annotations.NullMarked;
