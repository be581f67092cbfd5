/**
 * Actuator endpoints of MCP Guard, the operator's runbook: tokens, tools, approvals and audit. They require the
 * admin role ({@code mcp.guard.admin.role}).
 */
@NullMarked
package dev.mcpguard.admin;

import org.jspecify.annotations.NullMarked;
