/**
 * MCP Guard's own tables in the application's database: the cluster's source of truth for tokens, revocations,
 * tool state, approvals and audit.
 */
@NullMarked
package dev.mcpguard.jdbc;

import org.jspecify.annotations.NullMarked;
