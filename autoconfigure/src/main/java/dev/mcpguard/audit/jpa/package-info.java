/**
 * The audit trail through Spring Data JPA, for applications that use JPA: a read-only entity on
 * {@code mcp_guard_audit} ({@link dev.mcpguard.audit.jpa.AuditEvent}) that joins the application's persistence unit,
 * and a repository ({@link dev.mcpguard.audit.jpa.AuditEventRepository}) the application injects to query its trail.
 * Writing stays on the batched JDBC path of {@link dev.mcpguard.audit}.
 */
@NullMarked
package dev.mcpguard.audit.jpa;

import org.jspecify.annotations.NullMarked;
